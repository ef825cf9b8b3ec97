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
  HOST,
  /**
   * Traffic from one address to another ({@code source.ip->destination.ip}): what an egress
   * decision blocks (see {@code org.patou.egress}). Both addresses are of the same family.
   */
  EGRESS;

  /** Separates the two addresses of an {@link #EGRESS} value. */
  public static final String ARROW = "->";

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
    } else if (this == EGRESS) {
      Object d = e.get("destination.ip");
      v = e.get("source.ip");
      if (!(v instanceof String) || !(d instanceof String)) {
        return null;
      }
      v = egress((String) v, (String) d);
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

  /** The value of an {@link #EGRESS} decision. */
  public static String egress(String source, String destination) {
    return source + ARROW + destination;
  }

  /**
   * The two addresses of an {@link #EGRESS} value, or null when it is not two addresses of the
   * same family joined by {@value #ARROW}.
   */
  public static IPAddress[] egressParts(String value) {
    int i = value.indexOf(ARROW);
    if (i <= 0) {
      return null;
    }
    IPAddress s = new IPAddressString(value.substring(0, i).trim()).getAddress();
    IPAddress d = new IPAddressString(value.substring(i + ARROW.length()).trim()).getAddress();
    if (s == null || d == null || s.getIPVersion() != d.getIPVersion() || s.isPrefixed() || d.isPrefixed()) {
      return null;
    }
    return new IPAddress[] {s, d};
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
