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

  public boolean contains(byte[] a) {
    if (!nets.isEmpty()) {
      for (byte[][] n : nets) {
        if (in(a, n[0], n[1][0] & 0xff)) {
          return true;
        }
      }
      return false;
    }
    return isPrivate(a);
  }

  /** 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16; fc00::/7, ::1, fe80::/10 (on the bytes: this runs per event). */
  static boolean isPrivate(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (a.length == 4) {
      return b0 == 10 || b0 == 127 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168
          || b0 == 169 && b1 == 254;
    }
    return (b0 & 0xfe) == 0xfc || b0 == 0xfe && (b1 & 0xc0) == 0x80 || isV6Loopback(a);
  }

  private static boolean isV6Loopback(byte[] a) {
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 1;
  }

  /**
   * True for an address that can stand for one machine: not loopback, unspecified, multicast,
   * broadcast or link-local (every machine has those).
   */
  public static boolean identifiesOne(byte[] a) {
    if (a == null) {
      return false;
    }
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (a.length == 4) {
      boolean zero = b0 == 0;
      boolean broadcast = b0 == 255 && b1 == 255 && a[2] == (byte) 255 && a[3] == (byte) 255;
      return !zero && b0 != 127 && !(b0 >= 224 && b0 <= 239) && !broadcast && !(b0 == 169 && b1 == 254);
    }
    boolean unspecified = true;
    for (byte x : a) {
      if (x != 0) {
        unspecified = false;
        break;
      }
    }
    return !unspecified && !isV6Loopback(a) && b0 != 0xff && !(b0 == 0xfe && (b1 & 0xc0) == 0x80);
  }

  /** True for an IP literal (v4 dotted quad, or v6), without any name lookup. */
  public static boolean isAddress(String s) {
    return literal(s) != null;
  }

  /** The bytes of an IP literal, or null. Never does a name lookup. */
  public static byte[] literal(String addr) {
    if (addr == null || addr.length() > 45) {
      return null;
    }
    if (addr.indexOf(':') < 0) {
      return v4(addr);
    }
    if (!V6.matcher(addr).matches()) {
      return null;
    }
    try {
      // With a colon, InetAddress takes the text as an IPv6 literal and never asks DNS.
      return InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** A dotted quad, parsed by hand (this runs per event), or null. */
  private static byte[] v4(String s) {
    byte[] b = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.' && digits > 0 && part < 3) {
        b[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    if (part != 3 || digits == 0) {
      return null;
    }
    b[3] = (byte) value;
    return b;
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
