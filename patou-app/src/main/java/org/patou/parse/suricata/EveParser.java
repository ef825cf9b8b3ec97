package org.patou.parse.suricata;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.parse.Digits;

/**
 * Suricata EVE JSON records to ECS, after Elastic's Suricata integration: the record keeps its own
 * field names ({@code event_type}, {@code src_ip}, {@code alert.signature_id}, {@code
 * dns.rrname}...) and gains the ECS ones (table in docs/parsers.md). A record is EVE when it has a
 * string {@code event_type} and a {@code timestamp}; that is checked before the record is taken
 * as plain ECS JSON.
 *
 * <p>Not thread-safe (a reused builder): one per pipeline thread. Never throws; null when the
 * record is not EVE or its timestamp does not parse.
 */
public final class EveParser {
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private static final List<String> NETWORK = List.of("network");
  private static final List<String> NETWORK_IDS = List.of("network", "intrusion_detection");
  private static final List<String> NETWORK_WEB = List.of("network", "web");
  private static final List<String> FILE = List.of("file");
  private static final List<String> CONNECTION = List.of("connection");
  private static final List<String> PROTOCOL = List.of("connection", "protocol");
  private static final List<String> ALLOWED = List.of("allowed");
  private static final List<String> DENIED = List.of("denied");
  private static final List<String> INFO = List.of("info");

  private final EventBuilder out = new EventBuilder();

  /** True when {@code e} looks like an EVE record (cheap: two lookups). */
  public static boolean looksLike(Event e) {
    return e.get("event_type") instanceof String && e.get("timestamp") instanceof String;
  }

  /** The ECS event of an EVE record already read into {@code eve}; null when it is not EVE. */
  public Event parse(Event eve, String original) {
    try {
      if (!looksLike(eve)) {
        return null;
      }
      String ts = timestamp((String) eve.get("timestamp"));
      if (ts == null) {
        return null;
      }
      eve.forEach(out::add);
      map((String) eve.get("event_type"), eve, ts, original);
      return out.build();
    } catch (RuntimeException e) {
      out.build();
      return null;
    }
  }

  private void map(String type, Event e, String ts, String original) {
    EventBuilder b = out;
    b.add("@timestamp", ts);
    b.add("event.module", "suricata");
    b.add("event.dataset", "suricata.eve");
    if (original != null) { // null: read from a file whose records' text was not kept (a hunt)
      b.add("event.original", original);
    }
    b.add("event.action", type);
    List<String> related = new ArrayList<>(2);
    String src = str(e, "src_ip");
    String dst = str(e, "dest_ip");
    if (src != null) {
      b.add("source.ip", src);
      b.add("source.address", src);
      related.add(src);
    }
    copyLong(e, "src_port", "source.port");
    if (dst != null) {
      b.add("destination.ip", dst);
      b.add("destination.address", dst);
      if (!dst.equals(src)) {
        related.add(dst);
      }
    }
    copyLong(e, "dest_port", "destination.port");
    if (!related.isEmpty()) {
      b.add("related.ip", List.copyOf(related));
    }
    String proto = str(e, "proto");
    if (proto != null) {
      b.add("network.transport", proto.toLowerCase(Locale.ROOT));
    }
    String app = str(e, "app_proto");
    if (app != null && !app.equals("failed")) {
      b.add("network.protocol", app.toLowerCase(Locale.ROOT));
    }
    copyStr(e, "community_id", "network.community_id");
    copyStr(e, "host", "observer.hostname");
    copyStr(e, "in_iface", "observer.ingress.interface.name");
    Object flowId = e.get("flow_id");
    if (flowId != null) {
      b.add("suricata.eve.flow_id", flowId.toString());
    }
    flow(e);
    switch (type) {
      case "alert" -> alert(e);
      case "flow", "netflow" -> {
        b.add("event.kind", "event");
        b.add("event.category", NETWORK);
        b.add("event.type", CONNECTION);
      }
      case "dns" -> dns(e);
      case "http" -> http(e);
      case "tls" -> tls(e);
      case "ssh" -> {
        b.add("event.kind", "event");
        b.add("event.category", NETWORK);
        b.add("event.type", PROTOCOL);
        b.add("network.protocol", "ssh");
      }
      case "fileinfo" -> fileinfo(e);
      case "anomaly" -> {
        b.add("event.kind", "event");
        b.add("event.category", NETWORK);
        b.add("event.type", INFO);
      }
      case "stats" -> b.add("event.kind", "metric");
      default -> {
        b.add("event.kind", "event");
        b.add("event.category", NETWORK);
        b.add("event.type", PROTOCOL);
      }
    }
  }

  private void flow(Event e) {
    copyLong(e, "flow.pkts_toserver", "source.packets");
    copyLong(e, "flow.pkts_toclient", "destination.packets");
    copyLong(e, "flow.bytes_toserver", "source.bytes");
    copyLong(e, "flow.bytes_toclient", "destination.bytes");
    Long sb = lng(e, "flow.bytes_toserver");
    Long db = lng(e, "flow.bytes_toclient");
    if (sb != null && db != null) {
      out.add("network.bytes", sb + db);
    }
    Long sp = lng(e, "flow.pkts_toserver");
    Long dp = lng(e, "flow.pkts_toclient");
    if (sp != null && dp != null) {
      out.add("network.packets", sp + dp);
    }
    long start = millis(str(e, "flow.start"));
    long end = millis(str(e, "flow.end"));
    if (start != Long.MIN_VALUE) {
      out.add("event.start", Instant.ofEpochMilli(start).toString());
    }
    if (end != Long.MIN_VALUE) {
      out.add("event.end", Instant.ofEpochMilli(end).toString());
    }
    if (start != Long.MIN_VALUE && end != Long.MIN_VALUE) {
      out.add("event.duration", (end - start) * 1_000_000L);
    }
  }

  private void alert(Event e) {
    EventBuilder b = out;
    b.add("event.kind", "alert");
    b.add("event.category", NETWORK_IDS);
    String action = str(e, "alert.action");
    b.add("event.type", "blocked".equals(action) ? DENIED : "allowed".equals(action) ? ALLOWED : INFO);
    Object sid = e.get("alert.signature_id");
    if (sid != null) {
      b.add("rule.id", sid.toString());
    }
    String sig = str(e, "alert.signature");
    if (sig != null) {
      b.add("rule.name", sig);
      b.add("message", sig);
    }
    copyStr(e, "alert.category", "rule.category");
    copyLong(e, "alert.severity", "event.severity");
    copyLong(e, "alert.gid", "suricata.eve.alert.gid");
  }

  private void dns(Event e) {
    EventBuilder b = out;
    b.add("event.kind", "event");
    b.add("event.category", NETWORK);
    b.add("event.type", PROTOCOL);
    b.add("network.protocol", "dns");
    // EVE v1/v2 log one query or answer per record (dns.type, dns.rrname...); EVE v3 (Suricata 8)
    // a list of queries; both give the question's name and type.
    Object id = e.get("dns.id");
    if (id != null) {
      b.add("dns.id", id.toString());
    }
    String name = first(e, "dns.rrname", "dns.queries.rrname");
    if (name != null) {
      b.add("dns.question.name", name);
    }
    String qtype = first(e, "dns.rrtype", "dns.queries.rrtype");
    if (qtype != null) {
      b.add("dns.question.type", qtype);
    }
    String rcode = str(e, "dns.rcode");
    if (rcode != null) {
      b.add("dns.response_code", rcode);
      b.add("event.outcome", rcode.equals("NOERROR") ? "success" : "failure");
    }
    if (e.get("dns.answers.rdata") instanceof List<?> data) {
      b.add("dns.answers.data", data);
      copy(e, "dns.answers.rrname", "dns.answers.name");
      copy(e, "dns.answers.rrtype", "dns.answers.type");
      copy(e, "dns.answers.ttl", "dns.answers.ttl");
    }
    List<Object> ips = new ArrayList<>();
    for (String f : new String[] {"dns.grouped.A", "dns.grouped.AAAA"}) {
      if (e.get(f) instanceof List<?> l) {
        ips.addAll(l);
      }
    }
    if (e.get("dns.rrtype") instanceof String t && (t.equals("A") || t.equals("AAAA")) && e.get("dns.rdata") instanceof String one) {
      ips.add(one);
    }
    if (!ips.isEmpty()) {
      b.add("dns.resolved_ip", List.copyOf(ips));
    }
  }

  private void http(Event e) {
    EventBuilder b = out;
    b.add("event.kind", "event");
    b.add("event.category", NETWORK_WEB);
    b.add("event.type", PROTOCOL);
    b.add("network.protocol", "http");
    String host = str(e, "http.hostname");
    if (host != null) {
      b.add("url.domain", host);
      b.add("destination.domain", host);
    }
    copyStr(e, "http.url", "url.original");
    copyStr(e, "http.http_method", "http.request.method");
    copyStr(e, "http.http_user_agent", "user_agent.original");
    copyStr(e, "http.http_refer", "http.request.referrer");
    copyStr(e, "http.http_content_type", "http.response.mime_type");
    copyLong(e, "http.length", "http.response.body.bytes");
    String version = str(e, "http.protocol");
    if (version != null && version.startsWith("HTTP/")) {
      b.add("http.version", version.substring(5));
    }
    Long status = lng(e, "http.status");
    if (status != null) {
      b.add("http.response.status_code", status);
      b.add("event.outcome", status < 400 ? "success" : "failure");
    }
  }

  private void tls(Event e) {
    EventBuilder b = out;
    b.add("event.kind", "event");
    b.add("event.category", NETWORK);
    b.add("event.type", PROTOCOL);
    b.add("network.protocol", "tls");
    String sni = str(e, "tls.sni");
    if (sni != null) {
      b.add("tls.client.server_name", sni);
      b.add("destination.domain", sni);
    }
    copyStr(e, "tls.subject", "tls.server.subject");
    copyStr(e, "tls.issuerdn", "tls.server.issuer");
    copyStr(e, "tls.ja3.hash", "tls.client.ja3");
    copyStr(e, "tls.ja3s.hash", "tls.server.ja3s");
    String fp = str(e, "tls.fingerprint");
    if (fp != null) {
      b.add("tls.server.hash.sha1", fp.replace(":", "").toUpperCase(Locale.ROOT));
    }
    String nb = timestamp(str(e, "tls.notbefore"));
    String na = timestamp(str(e, "tls.notafter"));
    if (nb != null) {
      b.add("tls.server.not_before", nb);
    }
    if (na != null) {
      b.add("tls.server.not_after", na);
    }
    String v = str(e, "tls.version"); // "TLS 1.2", "TLSv1", "SSLv3", "UNDETERMINED"
    if (v != null) {
      // ECS tls.version ("1.2") takes the name of EVE's ("TLS 1.2"), which moves aside.
      b.add("suricata.eve.tls.version", v);
      String lower = v.toLowerCase(Locale.ROOT);
      String proto = lower.startsWith("tls") ? "tls" : lower.startsWith("ssl") ? "ssl" : null;
      if (proto != null) {
        String num = lower.substring(3).replace("v", "").strip();
        if (!num.isEmpty()) {
          b.add("tls.version_protocol", proto);
          b.add("tls.version", num.contains(".") ? num : num + ".0");
        }
      }
    }
  }

  private void fileinfo(Event e) {
    EventBuilder b = out;
    b.add("event.kind", "event");
    b.add("event.category", FILE);
    b.add("event.type", INFO);
    String name = str(e, "fileinfo.filename");
    if (name != null) {
      b.add("file.path", name);
      int slash = name.lastIndexOf('/');
      b.add("file.name", slash >= 0 ? name.substring(slash + 1) : name);
    }
    copyLong(e, "fileinfo.size", "file.size");
    copyStr(e, "fileinfo.md5", "file.hash.md5");
    copyStr(e, "fileinfo.sha1", "file.hash.sha1");
    copyStr(e, "fileinfo.sha256", "file.hash.sha256");
    copyStr(e, "fileinfo.mimetype", "file.mime_type");
    copyStr(e, "http.hostname", "url.domain");
    copyStr(e, "http.url", "url.original");
  }

  /** ISO-8601 (milliseconds, UTC) of an EVE time ({@code 2009-11-24T21:27:09.534255+0100}); null if it does not parse. */
  static String timestamp(String s) {
    long ms = millis(s);
    return ms == Long.MIN_VALUE ? null : Instant.ofEpochMilli(ms).toString();
  }

  /**
   * Epoch milliseconds of an EVE time, or {@link Long#MIN_VALUE}. EVE's own shape ({@code
   * yyyy-MM-ddTHH:mm:ss[.f...][+hhmm|+hh:mm|Z]}) is read by hand, as it comes with every record
   * (DateTimeFormatter costs several times more); anything else goes to the formatter. A time
   * without an offset is read as UTC (Suricata always writes one).
   */
  static long millis(String s) {
    if (s == null || s.length() < 19 || s.length() > 40) {
      return Long.MIN_VALUE;
    }
    long fast = fastMillis(s);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      java.time.temporal.TemporalAccessor t = TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      Instant at = t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
      return at.toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }

  private static long fastMillis(String s) {
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int y = Digits.fixed(s, 0, 4);
    int mo = Digits.fixed(s, 5, 2);
    int d = Digits.fixed(s, 8, 2);
    int h = Digits.fixed(s, 11, 2);
    int mi = Digits.fixed(s, 14, 2);
    int sec = Digits.fixed(s, 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    int ms = 0;
    if (i < s.length() && s.charAt(i) == '.') {
      int start = ++i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 3) {
          ms = ms * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      if (i == start || i - start > 9) {
        return Long.MIN_VALUE;
      }
      for (int k = i - start; k < 3; k++) {
        ms *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i < s.length()) {
      char c = s.charAt(i);
      if (c == 'Z' && i + 1 == s.length()) {
        offsetSeconds = 0;
      } else if (c == '+' || c == '-') {
        int oh = Digits.fixed(s, i + 1, 2);
        int om;
        if (s.length() == i + 5) {
          om = Digits.fixed(s, i + 3, 2);
        } else if (s.length() == i + 6 && s.charAt(i + 3) == ':') {
          om = Digits.fixed(s, i + 4, 2);
        } else {
          return Long.MIN_VALUE;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return Long.MIN_VALUE;
        }
        offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      } else {
        return Long.MIN_VALUE;
      }
    }
    long day;
    try {
      day = java.time.LocalDate.of(y, mo, d).toEpochDay(); // validates the day of the month
    } catch (DateTimeException e) {
      return Long.MIN_VALUE;
    }
    return (day * 86_400L + h * 3600L + mi * 60L + sec - offsetSeconds) * 1000L + ms;
  }

  private static String str(Event e, String f) {
    return e.get(f) instanceof String s && !s.isEmpty() ? s : null;
  }

  private static Long lng(Event e, String f) {
    return e.get(f) instanceof Number n ? n.longValue() : null;
  }

  private static String first(Event e, String one, String listField) {
    String s = str(e, one);
    if (s != null) {
      return s;
    }
    return e.get(listField) instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String x ? x : null;
  }

  private void copyStr(Event e, String from, String to) {
    String s = str(e, from);
    if (s != null) {
      out.add(to, s);
    }
  }

  private void copyLong(Event e, String from, String to) {
    Long l = lng(e, from);
    if (l != null) {
      out.add(to, l);
    }
  }

  private void copy(Event e, String from, String to) {
    Object o = e.get(from);
    if (o != null) {
      out.add(to, o);
    }
  }
}
