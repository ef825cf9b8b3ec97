package org.patou.egress;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;

/** The internal networks: an address in one of them is an internal host. Immutable. */
public final class Networks {
  /** RFC 1918 private IPv4 space and IPv6 unique local addresses. */
  public static final List<String> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

  private final List<IPAddress> nets;
  private final List<String> text;

  private Networks(List<IPAddress> nets, List<String> text) {
    this.nets = nets;
    this.text = text;
  }

  /** Networks from CIDR or address text; a bad entry is an {@link IllegalArgumentException} naming it. */
  public static Networks of(List<String> cidrs) {
    List<IPAddress> out = new ArrayList<>();
    for (String c : cidrs) {
      IPAddressString s = new IPAddressString(c.trim());
      IPAddress a = s.getAddress();
      if (a == null) {
        throw new IllegalArgumentException("not an address or network: '" + c + "'");
      }
      out.add(a.isPrefixed() ? a.toPrefixBlock() : a);
    }
    return new Networks(List.copyOf(out), List.copyOf(cidrs));
  }

  /** True when the address (text, no name lookup) is in one of the networks. */
  public boolean contains(String address) {
    return contains(parse(address));
  }

  /** True when the address is in one of the networks (false for null). */
  boolean contains(IPAddress a) {
    if (a == null) {
      return false;
    }
    for (IPAddress n : nets) {
      if (n.getIPVersion() == a.getIPVersion() && n.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** The address, or null when the text is not one literal address (names are never looked up). */
  static IPAddress parse(String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    IPAddress a = new IPAddressString(address).getAddress();
    return a == null || a.isPrefixed() ? null : a;
  }

  public List<String> entries() {
    return text;
  }
}
