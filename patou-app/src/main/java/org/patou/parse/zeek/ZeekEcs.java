package org.patou.parse.zeek;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.event.Event;
import org.patou.event.EventBuilder;

/**
 * ECS fields for one Zeek record, after Elastic's Zeek integration (its ingest pipelines for
 * conn, dns, http, ssl and ssh), added next to the record's own Zeek field names ({@code
 * id.orig_h}, {@code query}, {@code conn_state}...), which are kept as they are because Sigma's
 * Zeek rules read them (see the {@code zeek} Sigma pipeline). The table is docs/parsers.md.
 *
 * <p>One deviation from Elastic, on purpose: {@code source.bytes}/{@code destination.bytes} of a
 * connection are Zeek's payload bytes ({@code orig_bytes}/{@code resp_bytes}), not the IP-level
 * {@code orig_ip_bytes}/{@code resp_ip_bytes}, which stay under their Zeek names.
 */
final class ZeekEcs {
  private ZeekEcs() {}

  private static final List<String> NETWORK = List.of("network");
  private static final List<String> NETWORK_WEB = List.of("network", "web");
  private static final List<String> CONNECTION = List.of("connection");
  private static final List<String> CONNECTION_PROTOCOL = List.of("connection", "protocol");
  private static final List<String> DNS_TYPES = List.of("connection", "protocol", "info");

  /** conn_state → (event.type, zeek.connection.state_message), as Elastic's conn pipeline has them. */
  private static final Map<String, Object[]> STATES = Map.ofEntries(
      Map.entry("S0", new Object[] {List.of("connection", "start"), "Connection attempt seen, no reply."}),
      Map.entry("S1", new Object[] {List.of("connection", "start"), "Connection established, not terminated."}),
      Map.entry("SF", new Object[] {List.of("connection", "start", "end"), "Normal establishment and termination."}),
      Map.entry("REJ", new Object[] {List.of("connection", "start", "denied"), "Connection attempt rejected."}),
      Map.entry("S2", new Object[] {List.of("connection", "info"),
          "Connection established and close attempt by originator seen (but no reply from responder)."}),
      Map.entry("S3", new Object[] {List.of("connection", "info"),
          "Connection established and close attempt by responder seen (but no reply from originator)."}),
      Map.entry("RSTO", new Object[] {List.of("connection", "info"), "Connection established, originator aborted (sent a RST)."}),
      Map.entry("RSTR", new Object[] {List.of("connection", "info"), "Responder sent a RST."}),
      Map.entry("RSTOS0", new Object[] {List.of("connection", "info"),
          "Originator sent a SYN followed by a RST, we never saw a SYN-ACK from the responder."}),
      Map.entry("RSTRH", new Object[] {List.of("connection", "info"),
          "Responder sent a SYN ACK followed by a RST, we never saw a SYN from the (purported) originator."}),
      Map.entry("SH", new Object[] {List.of("connection", "info"),
          "Originator sent a SYN followed by a FIN, we never saw a SYN ACK from the responder (hence the connection was 'half' open)."}),
      Map.entry("SHR", new Object[] {List.of("connection", "info"),
          "Responder sent a SYN ACK followed by a FIN, we never saw a SYN from the originator."}),
      Map.entry("OTH", new Object[] {List.of("connection", "info"),
          "No SYN seen, just midstream traffic (a 'partial connection' that was not later closed)."}));

  /**
   * Copies {@code zeek} (the record under Zeek's names) into {@code b}, then adds the ECS fields of
   * log {@code path} and {@code event.original}. Returns false (b untouched) without a usable {@code ts}.
   */
  static boolean map(String path, Event zeek, String original, EventBuilder b) {
    String ts = timestamp(zeek.get("ts"));
    if (ts == null) {
      return false;
    }
    zeek.forEach(b::add);
    b.add("@timestamp", ts);
    b.add("event.module", "zeek");
    b.add("event.dataset", "zeek." + path);
    b.add("event.kind", "event");
    if (original != null) { // null: read from a file whose records' text was not kept (a hunt)
      b.add("event.original", original);
    }
    if (!zeek.has("_path")) {
      b.add("_path", path);
    }
    String uid = str(zeek, "uid");
    if (uid != null) {
      b.add("zeek.session_id", uid);
      b.add("event.id", uid);
    }
    endpoints(zeek, b);
    switch (path) {
      case "conn" -> conn(zeek, b);
      case "dns" -> dns(zeek, b);
      case "http" -> http(zeek, b);
      case "ssl" -> ssl(zeek, b);
      case "ssh" -> ssh(zeek, b);
      default -> b.add("event.category", NETWORK);
    }
    return true;
  }

  private static void endpoints(Event z, EventBuilder b) {
    String oh = str(z, "id.orig_h");
    String rh = str(z, "id.resp_h");
    List<String> related = new ArrayList<>(2);
    if (oh != null) {
      b.add("source.address", oh);
      b.add("source.ip", oh);
      related.add(oh);
    }
    Long op = lng(z, "id.orig_p");
    if (op != null) {
      b.add("source.port", op);
    }
    if (rh != null) {
      b.add("destination.address", rh);
      b.add("destination.ip", rh);
      if (!rh.equals(oh)) {
        related.add(rh);
      }
    }
    Long rp = lng(z, "id.resp_p");
    if (rp != null) {
      b.add("destination.port", rp);
    }
    if (!related.isEmpty()) {
      b.add("related.ip", List.copyOf(related));
    }
  }

  private static void conn(Event z, EventBuilder b) {
    b.add("event.category", NETWORK);
    String proto = str(z, "proto");
    if (proto != null) {
      b.add("network.transport", proto);
      if (proto.equals("icmp")) {
        copyLong(z, "id.orig_p", "zeek.connection.icmp.type", b);
        copyLong(z, "id.resp_p", "zeek.connection.icmp.code", b);
      }
    }
    copyStr(z, "service", "network.protocol", b);
    Double d = dbl(z, "duration");
    if (d != null) {
      b.add("event.duration", Math.round(d * 1e9));
    }
    Long ob = lng(z, "orig_bytes");
    Long rb = lng(z, "resp_bytes");
    Long op = lng(z, "orig_pkts");
    Long rp = lng(z, "resp_pkts");
    if (ob != null) {
      b.add("source.bytes", ob);
    }
    if (rb != null) {
      b.add("destination.bytes", rb);
    }
    if (op != null) {
      b.add("source.packets", op);
    }
    if (rp != null) {
      b.add("destination.packets", rp);
    }
    if (ob != null && rb != null) {
      b.add("network.bytes", ob + rb);
    }
    if (op != null && rp != null) {
      b.add("network.packets", op + rp);
    }
    String state = str(z, "conn_state");
    Object[] known = state == null ? null : STATES.get(state);
    b.add("event.type", known == null ? CONNECTION : known[0]);
    if (state != null) {
      b.add("zeek.connection.state", state);
    }
    if (known != null) {
      b.add("zeek.connection.state_message", known[1]);
    }
    Boolean lo = bool(z, "local_orig");
    Boolean lr = bool(z, "local_resp");
    if (lo != null) {
      b.add("zeek.connection.local_orig", lo);
    }
    if (lr != null) {
      b.add("zeek.connection.local_resp", lr);
    }
    if (lo != null && lr != null) {
      b.add("network.direction", lo ? (lr ? "internal" : "outbound") : (lr ? "inbound" : "external"));
    }
    copyStr(z, "history", "zeek.connection.history", b);
    copyLong(z, "missed_bytes", "zeek.connection.missed_bytes", b);
  }

  private static void dns(Event z, EventBuilder b) {
    b.add("event.category", NETWORK);
    b.add("event.type", DNS_TYPES);
    b.add("network.protocol", "dns");
    copyStr(z, "proto", "network.transport", b);
    Object id = z.get("trans_id");
    if (id instanceof Long || id instanceof String) {
      b.add("dns.id", id.toString());
    }
    copyStr(z, "query", "dns.question.name", b);
    copyStr(z, "qtype_name", "dns.question.type", b);
    Long qclass = lng(z, "qclass");
    if (qclass != null) {
      String c = switch (qclass.intValue()) {
        case 1 -> "IN";
        case 3 -> "CH";
        case 4 -> "HS";
        case 254 -> "NONE";
        case 255 -> "ANY";
        default -> null;
      };
      if (c != null) {
        b.add("dns.question.class", c);
      }
    }
    String rcodeName = str(z, "rcode_name");
    if (rcodeName != null) {
      b.add("dns.response_code", rcodeName);
    }
    b.add("dns.type", rcodeName != null ? "answer" : "query");
    Long rcode = lng(z, "rcode");
    if (rcode != null) {
      b.add("event.outcome", rcode == 0 ? "success" : "failure");
    }
    List<String> flags = new ArrayList<>(4);
    for (String f : new String[] {"AA", "TC", "RD", "RA"}) {
      if (Boolean.TRUE.equals(z.get(f))) {
        flags.add(f);
      }
    }
    if (!flags.isEmpty()) {
      b.add("dns.header_flags", List.copyOf(flags));
    }
    Double rtt = dbl(z, "rtt");
    if (rtt != null) {
      b.add("event.duration", Math.round(rtt * 1e9));
    }
    if (z.get("answers") instanceof List<?> answers && !answers.isEmpty()) {
      List<Object> data = new ArrayList<>(answers.size());
      List<Object> ips = new ArrayList<>();
      for (Object a : answers) {
        data.add(String.valueOf(a));
        if (a instanceof String s && looksLikeIp(s)) {
          ips.add(s);
        }
      }
      b.add("dns.answers.data", List.copyOf(data));
      if (z.get("TTLs") instanceof List<?> ttls && ttls.size() == answers.size()) {
        List<Object> t = new ArrayList<>(ttls.size());
        for (Object o : ttls) {
          t.add(o instanceof Number n ? (Object) n.longValue() : o);
        }
        b.add("dns.answers.ttl", List.copyOf(t));
      }
      if (!ips.isEmpty()) {
        b.add("dns.resolved_ip", List.copyOf(ips));
      }
    }
  }

  private static void http(Event z, EventBuilder b) {
    b.add("event.category", NETWORK_WEB);
    b.add("event.type", CONNECTION_PROTOCOL);
    b.add("network.protocol", "http");
    b.add("network.transport", "tcp");
    copyStr(z, "method", "http.request.method", b);
    String host = str(z, "host");
    if (host != null) {
      b.add("url.domain", host);
      b.add("destination.domain", host);
    }
    copyStr(z, "uri", "url.original", b);
    copyStr(z, "referrer", "http.request.referrer", b);
    copyStr(z, "version", "http.version", b);
    copyStr(z, "user_agent", "user_agent.original", b);
    copyLong(z, "request_body_len", "http.request.body.bytes", b);
    copyLong(z, "response_body_len", "http.response.body.bytes", b);
    copyStr(z, "username", "url.username", b);
    Long status = lng(z, "status_code");
    if (status != null) {
      b.add("http.response.status_code", status);
      b.add("event.outcome", status < 400 ? "success" : "failure");
    }
  }

  private static void ssl(Event z, EventBuilder b) {
    b.add("event.category", NETWORK);
    b.add("event.type", CONNECTION_PROTOCOL);
    b.add("network.protocol", "tls");
    b.add("network.transport", "tcp");
    String v = str(z, "version");
    if (v != null) {
      // TLSv12 → tls 1.2, SSLv3 → ssl 3.0, DTLSv12 → dtls 1.2
      int at = v.indexOf('v');
      if (at > 0 && at + 1 < v.length()) {
        String digits = v.substring(at + 1);
        b.add("tls.version_protocol", v.substring(0, at).toLowerCase(java.util.Locale.ROOT));
        b.add("tls.version", digits.length() == 2 ? digits.charAt(0) + "." + digits.charAt(1)
            : digits.length() == 1 ? digits + ".0" : digits);
      }
    }
    copyStr(z, "cipher", "tls.cipher", b);
    copyStr(z, "curve", "tls.curve", b);
    String sni = str(z, "server_name");
    if (sni != null) {
      b.add("tls.client.server_name", sni);
      b.add("destination.domain", sni);
    }
    copyBool(z, "resumed", "tls.resumed", b);
    copyBool(z, "established", "tls.established", b);
    copyStr(z, "next_protocol", "tls.next_protocol", b);
    copyStr(z, "subject", "tls.server.subject", b);
    copyStr(z, "issuer", "tls.server.issuer", b);
    copyStr(z, "client_subject", "tls.client.subject", b);
    copyStr(z, "client_issuer", "tls.client.issuer", b);
    copyStr(z, "ja3", "tls.client.ja3", b);
    copyStr(z, "ja3s", "tls.server.ja3s", b);
  }

  private static void ssh(Event z, EventBuilder b) {
    b.add("event.category", NETWORK);
    b.add("event.type", CONNECTION_PROTOCOL);
    b.add("network.protocol", "ssh");
    b.add("network.transport", "tcp");
    Object ok = z.get("auth_success");
    if (ok instanceof Boolean yes) {
      b.add("event.outcome", yes ? "success" : "failure");
    }
  }

  /** ISO-8601 (milliseconds, UTC) of Zeek's ts: epoch seconds (TSV, default JSON) or ISO-8601 (JSON with iso8601 timestamps). */
  static String timestamp(Object ts) {
    if (ts instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || d < 0 || d > 32503680000d) {
        return null;
      }
      return Instant.ofEpochMilli(Math.round(d * 1000)).toString();
    }
    if (ts instanceof String s) {
      try {
        return Instant.ofEpochMilli(Instant.parse(s).toEpochMilli()).toString();
      } catch (DateTimeParseException | ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private static String str(Event z, String f) {
    Object o = z.get(f);
    if (o instanceof String s && !s.isEmpty() && !s.equals("-")) {
      return s;
    }
    return null;
  }

  private static Long lng(Event z, String f) {
    Object o = z.get(f);
    if (o instanceof Long l) {
      return l;
    }
    if (o instanceof Number n) {
      return n.longValue();
    }
    return null;
  }

  private static Double dbl(Event z, String f) {
    return z.get(f) instanceof Number n ? n.doubleValue() : null;
  }

  private static Boolean bool(Event z, String f) {
    Object o = z.get(f);
    if (o instanceof Boolean x) {
      return x;
    }
    if ("T".equals(o)) {
      return true;
    }
    if ("F".equals(o)) {
      return false;
    }
    return null;
  }

  private static void copyStr(Event z, String from, String to, EventBuilder b) {
    String s = str(z, from);
    if (s != null) {
      b.add(to, s);
    }
  }

  private static void copyLong(Event z, String from, String to, EventBuilder b) {
    Long l = lng(z, from);
    if (l != null) {
      b.add(to, l);
    }
  }

  private static void copyBool(Event z, String from, String to, EventBuilder b) {
    Boolean x = bool(z, from);
    if (x != null) {
      b.add(to, x);
    }
  }

  /** A dotted quad or an IPv6 literal (hex digits and colons). */
  static boolean looksLikeIp(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return false;
    }
    int dots = 0;
    int colons = 0;
    boolean v6 = s.indexOf(':') >= 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c == ':') {
        colons++;
      } else if (!(c >= '0' && c <= '9' || v6 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return colons >= 2 || colons == 0 && dots == 3;
  }
}
