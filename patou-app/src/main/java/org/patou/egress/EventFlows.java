package org.patou.egress;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.patou.event.Event;

/**
 * Flows from stored events: a Zeek connection ({@code event.dataset: zeek.conn}; ECS {@code
 * source.ip}, {@code destination.ip}, {@code destination.port}, {@code network.transport}, {@code
 * source.bytes} = Zeek's {@code orig_bytes}, {@code @timestamp}) or a kernel firewall log line in
 * {@code message}. Anything else gives null.
 */
public final class EventFlows {
  private EventFlows() {}

  /**
   * @param timestamp the event's time in epoch ms, used when it has no readable {@code @timestamp}
   */
  public static Flow of(Event e, long timestamp) {
    Instant at = time(e.get("@timestamp"), timestamp);
    if ("zeek.conn".equals(e.get("event.dataset"))) {
      Object src = e.get("source.ip");
      Object dst = e.get("destination.ip");
      if (!(src instanceof String s) || !(dst instanceof String d)) {
        return null;
      }
      return new Flow(at, s, d, number(e.get("source.bytes")), (int) number(e.get("destination.port"), -1),
          e.get("network.transport") instanceof String t ? t : "");
    }
    Object m = e.get("message");
    return m instanceof String msg && FirewallLog.looksLike(msg) ? FirewallLog.parse(at, msg) : null;
  }

  private static Instant time(Object v, long fallback) {
    if (v instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        // fall back on the store's time
      }
    } else if (v instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    return Instant.ofEpochMilli(fallback);
  }

  private static long number(Object v) {
    return Math.max(0, number(v, 0));
  }

  private static long number(Object v, long dflt) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }
}
