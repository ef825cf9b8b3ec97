package org.patou.parse.web;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.parse.Digits;

/**
 * One line of an nginx or Apache access log to an ECS {@link Event}. Understands the common and
 * combined formats ({@code IP IDENT USER [dd/Mon/yyyy:HH:mm:ss +zzzz] "REQUEST" STATUS BYTES
 * "REFERRER" "AGENT"}), extra quoted fields after them (nginx's {@code "$http_x_forwarded_for"}), a
 * virtual host before the address ({@code vhost_combined}), and a syslog header before all of it
 * ({@code Mmm dd hh:mm:ss HOST nginx[PID]: }). A request that is not {@code METHOD TARGET
 * HTTP/x.y} (TLS bytes, garbage) is kept as {@code url.original} with no method.
 *
 * <p>Fields: {@code @timestamp} (ISO-8601 UTC), {@code source.ip}, {@code user.name} (when not
 * "-"), {@code http.request.method}, {@code url.original}, {@code url.path}, {@code url.query},
 * {@code http.version}, {@code http.response.status_code} (Long), {@code
 * http.response.body.bytes} (Long), {@code http.request.referrer}, {@code user_agent.original},
 * {@code destination.domain} (the virtual host), {@code event.original}, {@code event.category:
 * web}, {@code event.dataset: http.access}.
 *
 * <p>{@link #parse} returns null for a line it does not understand and never throws. Not
 * thread-safe: one per thread.
 */
public final class AccessLogParser {
  /** Longer lines are cut here before parsing. */
  public static final int MAX_LINE = 64 * 1024;

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final EventBuilder b = new EventBuilder();

  /** Parses one line (without its terminator); null when it is not an access-log line. */
  public Event parse(String rawLine) {
    if (rawLine == null) {
      return null;
    }
    String line = rawLine.length() > MAX_LINE ? rawLine.substring(0, MAX_LINE) : rawLine;
    if (line.indexOf('"') < 0) {
      return null; // every format above quotes the request: a quick no for other logs' lines
    }
    try {
      Event e = parseAt(line, 0, null);
      if (e == null) {
        int p = syslogBody(line);
        if (p > 0) {
          e = parseAt(line, p, line);
        }
      }
      return e;
    } catch (RuntimeException e) {
      b.build();
      return null;
    }
  }

  /**
   * Start of the message after a syslog header, or -1: RFC 3164 ({@code [<PRI>]Mmm dd hh:mm:ss host
   * tag[pid]: }) or RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD }, nginx's own
   * {@code syslog:} output is the former, rsyslog forwarding often the latter).
   */
  static int syslogBody(String line) {
    int start = 0;
    if (line.startsWith("<")) {
      int gt = line.indexOf('>');
      if (gt < 2 || gt > 4) {
        return -1;
      }
      start = gt + 1;
      if (line.startsWith("1 ", start)) {
        return rfc5424Body(line, start + 2);
      }
    }
    if (line.length() < start + 20 || monthIndex(line, start) < 0) {
      return -1;
    }
    int colon = line.indexOf(": ", start + 16);
    return colon < 0 || colon > start + 300 ? -1 : colon + 2;
  }

  /** The HOSTNAME of a syslog header {@link #syslogBody} accepted, or null ("-"). */
  static String syslogHost(String line) {
    int p = line.startsWith("<") ? line.indexOf('>') + 1 : 0;
    // RFC 5424: VERSION TIMESTAMP HOSTNAME; RFC 3164: Mmm dd hh:mm:ss HOSTNAME (day may be " d")
    int skip = line.startsWith("1 ", p) ? 2 : 3;
    for (int i = 0; i < skip; i++) {
      while (p < line.length() && line.charAt(p) != ' ') {
        p++;
      }
      while (p < line.length() && line.charAt(p) == ' ') {
        p++;
      }
    }
    int end = line.indexOf(' ', p);
    if (end <= p) {
      return null;
    }
    String h = line.substring(p, end);
    return "-".equals(h) ? null : h;
  }

  /** After {@code <PRI>1 }: five header fields, the structured data, then the message. */
  private static int rfc5424Body(String line, int p) {
    for (int i = 0; i < 5; i++) {
      int sp = line.indexOf(' ', p);
      if (sp < 0 || sp - p > 255) {
        return -1;
      }
      p = sp + 1;
    }
    if (line.startsWith("- ", p)) {
      return p + 2;
    }
    // [id k="v" ...][...]: values may hold spaces and escaped \] or \"
    while (p < line.length() && line.charAt(p) == '[') {
      boolean quoted = false;
      int i = p + 1;
      for (; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ']' && !quoted) {
          break;
        }
      }
      if (i >= line.length()) {
        return -1;
      }
      p = i + 1;
    }
    return p < line.length() && line.charAt(p) == ' ' ? p + 1 : -1;
  }

  private Event parseAt(String s, int start, String original) {
    // [vhost] ip ident user [time] "request" status bytes ...
    int p = start;
    String t1 = token(s, p);
    if (t1 == null) {
      return null;
    }
    p += t1.length() + 1;
    String vhost = null;
    String ip = t1;
    String t2 = token(s, p);
    if (t2 == null) {
      return null;
    }
    String ident;
    if (!looksLikeIp(t1) && looksLikeIp(t2)) {
      vhost = t1;
      ip = t2;
      p += t2.length() + 1;
      ident = token(s, p);
      if (ident == null) {
        return null;
      }
    } else {
      ident = t2;
    }
    p += ident.length() + 1;
    // The user may itself hold no space; then the time in brackets.
    int open = s.indexOf(" [", p - 1);
    if (open < 0 || open - p > 256) {
      return null;
    }
    String user = open > p ? s.substring(p, open) : "-";
    int close = s.indexOf(']', open + 2);
    if (close < 0) {
      return null;
    }
    String time = parseTime(s, open + 2, close);
    if (time == null || !looksLikeIp(ip)) {
      return null;
    }
    p = close + 1;
    if (p + 2 > s.length() || s.charAt(p) != ' ' || s.charAt(p + 1) != '"') {
      return null;
    }
    int reqStart = p + 2;
    int reqEnd = closingQuote(s, reqStart);
    if (reqEnd < 0) {
      return null;
    }
    String request = s.substring(reqStart, reqEnd);
    p = reqEnd + 1;
    String status = token(s, p + 1);
    if (status == null) {
      return null;
    }
    long code = Digits.of(status, 0, status.length());
    if (code < 0 || code > 999) {
      return null;
    }
    p += 1 + status.length();
    String bytesTok = token(s, p + 1);
    long bytes = -1;
    if (bytesTok != null) {
      bytes = Digits.of(bytesTok, 0, bytesTok.length());
      p += 1 + bytesTok.length();
    }
    String referrer = null;
    String agent = null;
    if (p + 2 <= s.length() && s.charAt(p) == ' ' && s.charAt(p + 1) == '"') {
      int e = closingQuote(s, p + 2);
      if (e > 0) {
        referrer = s.substring(p + 2, e);
        p = e + 1;
        if (p + 2 <= s.length() && s.charAt(p) == ' ' && s.charAt(p + 1) == '"') {
          int e2 = closingQuote(s, p + 2);
          if (e2 > 0) {
            agent = s.substring(p + 2, e2);
          }
        }
      }
    }
    EventBuilder x = b;
    x.add("@timestamp", time);
    x.add("source.ip", ip);
    if (vhost != null && !"-".equals(vhost)) {
      x.add("destination.domain", vhost);
    }
    if (!"-".equals(user) && !user.isEmpty()) {
      x.add("user.name", user);
    }
    request(request, x);
    x.add("http.response.status_code", code);
    if (bytes >= 0) {
      x.add("http.response.body.bytes", bytes);
    }
    if (referrer != null && !"-".equals(referrer)) {
      x.add("http.request.referrer", referrer);
    }
    if (agent != null && !"-".equals(agent)) {
      x.add("user_agent.original", agent);
    }
    x.add("event.kind", "event");
    x.add("event.category", "web");
    x.add("event.module", "http");
    x.add("event.dataset", "http.access");
    x.add("event.original", original != null ? original : s);
    if (original != null) {
      String host = syslogHost(original);
      if (host != null) {
        x.add("host.name", host);
      }
    }
    return x.build();
  }

  /** Splits {@code METHOD TARGET HTTP/x.y}; anything else is kept whole as url.original. */
  static void request(String request, EventBuilder x) {
    int sp1 = request.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : request.lastIndexOf(' ');
    if (sp1 > 0 && sp2 > sp1 && request.startsWith("HTTP/", sp2 + 1) && isMethod(request, sp1)) {
      x.add("http.request.method", request.substring(0, sp1));
      String target = request.substring(sp1 + 1, sp2);
      x.add("url.original", target);
      int q = target.indexOf('?');
      x.add("url.path", q < 0 ? target : target.substring(0, q));
      if (q >= 0) {
        x.add("url.query", target.substring(q + 1));
      }
      x.add("http.version", request.substring(sp2 + 6));
    } else if (sp1 > 0 && sp2 == sp1 && isMethod(request, sp1)) {
      // HTTP/0.9 style: "GET /path".
      x.add("http.request.method", request.substring(0, sp1));
      String target = request.substring(sp1 + 1);
      x.add("url.original", target);
      int q = target.indexOf('?');
      x.add("url.path", q < 0 ? target : target.substring(0, q));
    } else if (!request.isEmpty() && !"-".equals(request)) {
      x.add("url.original", request);
    }
  }

  private static boolean isMethod(String s, int end) {
    if (end > 16) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Index of the quote closing a string opened before {@code from} ({@code \"} escapes), or -1. */
  static int closingQuote(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        // A quote followed by space or end closes the field; one inside a request does not.
        if (i + 1 >= s.length() || s.charAt(i + 1) == ' ') {
          return i;
        }
      }
    }
    return -1;
  }

  /** {@code dd/Mon/yyyy:HH:mm:ss +zzzz} to ISO-8601 UTC, or null. */
  static String parseTime(String s, int from, int to) {
    if (to - from != 26 || s.charAt(from + 2) != '/' || s.charAt(from + 6) != '/' || s.charAt(from + 11) != ':') {
      return null;
    }
    int month = monthIndex(s, from + 3) + 1;
    int day = Digits.fixed(s, from, 2);
    int year = Digits.fixed(s, from + 7, 4);
    int h = Digits.fixed(s, from + 12, 2);
    int mi = Digits.fixed(s, from + 15, 2);
    int se = Digits.fixed(s, from + 18, 2);
    char sign = s.charAt(from + 21);
    int zh = Digits.fixed(s, from + 22, 2);
    int zm = Digits.fixed(s, from + 24, 2);
    if (month < 1 || day < 0 || year < 0 || h < 0 || mi < 0 || se < 0 || zh < 0 || zm < 0
        || (sign != '+' && sign != '-')) {
      return null;
    }
    try {
      int offset = (zh * 3600 + zm * 60) * (sign == '-' ? -1 : 1);
      return LocalDateTime.of(year, month, day, h, mi, se)
          .toInstant(ZoneOffset.ofTotalSeconds(offset))
          .toString();
    } catch (DateTimeException e) {
      return null;
    }
  }

  static int monthIndex(String s, int at) {
    if (at + 3 > s.length()) {
      return -1;
    }
    for (int m = 0; m < 12; m++) {
      if (s.regionMatches(at, MONTHS[m], 0, 3)) {
        return m;
      }
    }
    return -1;
  }

  static String token(String s, int p) {
    if (p >= s.length()) {
      return null;
    }
    int e = s.indexOf(' ', p);
    if (e == p) {
      return null;
    }
    return e < 0 ? s.substring(p) : s.substring(p, e);
  }

  /** Digits, dots and colons, with at least one digit: an IPv4 or IPv6 address. */
  static boolean looksLikeIp(String t) {
    if (t.isEmpty() || t.length() > 45) {
      return false;
    }
    boolean digit = false;
    boolean sep = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' || c == ':') {
        sep = true;
      } else if (!(c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return (digit || t.contains("::")) && sep;
  }
}
