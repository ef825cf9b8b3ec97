package org.patou.egress;

import java.time.Instant;
import java.util.Locale;

/**
 * A kernel firewall log line (iptables {@code LOG} or nftables {@code log} statement: {@code ...
 * IN=eth1 OUT=eth0 SRC=10.0.0.5 DST=203.0.113.9 LEN=1500 ... PROTO=TCP SPT=51234 DPT=443 ...}) as
 * a flow of one packet: {@code LEN} bytes (the IP packet's length) from {@code SRC} to {@code DST}.
 * Only packets the rule logged are counted, so the view is as complete as the logging rule.
 */
public final class FirewallLog {
  private FirewallLog() {}

  /** True when the text carries the fields of a kernel firewall log line. */
  public static boolean looksLike(String message) {
    return message != null && message.contains("SRC=") && message.contains(" DST=") && message.contains(" LEN=");
  }

  /** The packet of a log message, or null when it is not one (no SRC, DST or LEN, or a bad number). */
  public static Flow parse(Instant at, String message) {
    if (!looksLike(message)) {
      return null;
    }
    String src = null;
    String dst = null;
    String proto = "";
    long len = -1;
    int dpt = -1;
    for (String tok : message.split(" ")) {
      int eq = tok.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = tok.substring(0, eq);
      String v = tok.substring(eq + 1);
      try {
        switch (k) {
          case "SRC" -> src = v;
          case "DST" -> dst = v;
          // The first LEN is the IP header's; a later one (UDP) is the transport's.
          case "LEN" -> len = len < 0 ? Long.parseLong(v) : len;
          case "PROTO" -> proto = v.toLowerCase(Locale.ROOT);
          case "DPT" -> dpt = Integer.parseInt(v);
          default -> { }
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (src == null || dst == null || len < 0) {
      return null;
    }
    return new Flow(at, src, dst, len, dpt, proto);
  }
}
