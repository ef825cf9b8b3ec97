package org.patou.inventory;

import java.time.Instant;
import java.util.List;

/**
 * What ingested events showed about one host, gathered over a few seconds by {@code patou serve}
 * (see {@link EventSightings}): the host by name and/or addresses, who said it, when first and last,
 * and optionally a door (a service seen answering, or reached from outside).
 *
 * @param name host name as the events give it, or null (identity then goes by address)
 * @param addresses IP addresses the events tie to the host
 * @param source what saw it: {@code events:syslog}, {@code events:windows}, {@code events:zeek},
 *     {@code events:sshd}, {@code events:web}
 * @param detail a few words on how ({@code host.name in syslog from 10.0.0.5}), or null
 * @param firstSeen the earliest event time
 * @param lastSeen the latest event time
 * @param door the door seen, or null; its source is {@code source}
 */
public record Sighting(String name, List<String> addresses, String source, String detail, Instant firstSeen,
    Instant lastSeen, Door door) {

  public Sighting {
    addresses = List.copyOf(addresses);
  }
}
