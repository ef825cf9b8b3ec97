package org.patou.decide;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Locale;
import org.patou.event.Event;

/** What a scenario counts by and what a decision applies to. */
public enum Scope {
  /** One address: {@code source.ip}. */
  IP,
  /** The /24 (IPv4) or /64 (IPv6) around {@code source.ip}, or a CIDR given by hand. */
  RANGE,
  /** {@code user.name}. */
  USER,
  /** {@code host.name}. */
  HOST;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope parse(String s) {
    return Scope.valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  /** The key of this scope in an event, or null when the event has none. */
  public String keyOf(Event e) {
    Object v;
    if (this == IP || this == RANGE) {
      v = e.get("source.ip");
    } else if (this == USER) {
      v = e.get("user.name");
    } else {
      v = e.get("host.name");
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      return null;
    }
    return this == RANGE ? rangeOf(s) : s;
  }

  /** The /24 or /64 network holding an address, as CIDR text; null for no address. */
  public static String rangeOf(String ip) {
    IPAddress a = new IPAddressString(ip).getAddress();
    if (a == null) {
      return null;
    }
    int bits = a.isIPv4() ? 24 : 64;
    return a.toPrefixBlock(bits).toCanonicalString();
  }
}
