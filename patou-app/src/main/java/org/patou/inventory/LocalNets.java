package org.patou.inventory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses are inside the organisation: the given networks (CIDR), or, when none is given,
 * private space (10/8, 172.16/12, 192.168/16, fc00::/7), loopback and link-local. Shared by the
 * Zeek conn.log importer, live discovery and the firewall rule readers. Immutable.
 */
public final class LocalNets {
  private static final java.util.regex.Pattern V4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final java.util.regex.Pattern V6 = java.util.regex.Pattern.compile("[0-9a-fA-F:.]+");
  private final List<byte[][]> nets;

  private LocalNets(List<byte[][]> nets) {
    this.nets = nets;
  }

  /** Private space only. */
  public static final LocalNets PRIVATE = new LocalNets(List.of());

  /** The given networks ({@code 10.1.0.0/16}, {@code 2001:db8::/32}, a bare address = one host). */
  public static LocalNets of(String file, List<String> cidrs) throws ParseException {
    List<byte[][]> nets = new ArrayList<>();
    for (String n : cidrs) {
      nets.add(cidr(file, n));
    }
    return new LocalNets(List.copyOf(nets));
  }

  /** True when the address (a literal) is inside; false for anything that is not an IP literal. */
  public boolean contains(String addr) {
    byte[] a = literal(addr);
    return a != null && contains(a);
  }

  boolean contains(byte[] a) {
    if (!nets.isEmpty()) {
      for (byte[][] n : nets) {
        if (in(a, n[0], n[1][0] & 0xff)) {
          return true;
        }
      }
      return false;
    }
    try {
      InetAddress ia = InetAddress.getByAddress(a);
      return ia.isSiteLocalAddress() || ia.isLoopbackAddress() || ia.isLinkLocalAddress()
          || (a.length == 16 && (a[0] & 0xfe) == 0xfc);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** True for an IP literal (v4 dotted quad, or v6), without any name lookup. */
  public static boolean isAddress(String s) {
    return literal(s) != null;
  }

  /** The bytes of an IP literal, or null. Never does a name lookup. */
  static byte[] literal(String addr) {
    if (addr == null || addr.length() > 45) {
      return null;
    }
    if (V4.matcher(addr).matches()) {
      byte[] b = new byte[4];
      String[] parts = addr.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      return b;
    }
    if (addr.indexOf(':') < 0 || !V6.matcher(addr).matches()) {
      return null;
    }
    try {
      // With a colon, InetAddress takes the text as an IPv6 literal and never asks DNS.
      return InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static boolean in(byte[] a, byte[] net, int prefix) {
    if (a.length != net.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((a[bit / 8] & mask) != (net[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** A network as {address bytes, {prefix}}. */
  static byte[][] cidr(String file, String n) throws ParseException {
    int slash = n.indexOf('/');
    byte[] net = literal(slash < 0 ? n : n.substring(0, slash));
    if (net == null) {
      throw new ParseException(file, "network " + n, "not an IP address or CIDR network");
    }
    int prefix;
    try {
      prefix = slash < 0 ? net.length * 8 : Integer.parseInt(n.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > net.length * 8) {
      throw new ParseException(file, "network " + n, "bad prefix length");
    }
    return new byte[][] {net, {(byte) prefix}};
  }
}
