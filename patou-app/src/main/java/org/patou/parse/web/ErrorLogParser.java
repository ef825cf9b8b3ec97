package org.patou.parse.web;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.parse.Digits;

/**
 * One line of an nginx or Apache error log to an ECS {@link Event}. nginx: ({@code yyyy/MM/dd HH:mm:ss [level] PID#TID: *CID message, client:
 * IP, server: S, request: "R", host: "H"}) to an ECS {@link Event}, including the mail proxy's
 * {@code client login failed} lines. Apache 2.4: {@code [Www Mmm dd HH:mm:ss.uuuuuu yyyy]
 * [module:level] [pid P:tid T] [client IP:PORT] AHnnnnn: message}, with {@code AH01617}/{@code
 * AH01618} (basic-auth password mismatch, unknown user) read as failures. Times carry no zone:
 * they are read in the zone given.
 *
 * <p>Fields: {@code @timestamp}, {@code log.level}, {@code message}, {@code source.ip}, {@code
 * http.request.method}, {@code url.original}, {@code http.version}, {@code destination.domain}
 * (host), {@code user.name} (from {@code user "x" was not found} or {@code login: "x"}), {@code
 * event.action} ({@code http_auth_user_not_found}, {@code http_auth_password_mismatch}, {@code
 * mail_login_failed}, {@code http_limit_req}, else {@code http_error}), {@code event.outcome},
 * {@code event.original}, {@code event.dataset: http.error}.
 *
 * <p>{@link #parse} returns null for a line it does not understand and never throws. Not
 * thread-safe: one per thread.
 */
public final class ErrorLogParser {
  private final ZoneId zone;
  private final EventBuilder b = new EventBuilder();

  public ErrorLogParser(ZoneId zone) {
    this.zone = zone;
  }

  /** Parses one line; null when it is not an nginx error-log line. */
  public Event parse(String rawLine) {
    if (rawLine == null || rawLine.length() < 22) {
      return null;
    }
    String line = rawLine.length() > AccessLogParser.MAX_LINE ? rawLine.substring(0, AccessLogParser.MAX_LINE) : rawLine;
    try {
      return parseLine(line);
    } catch (RuntimeException e) {
      b.build();
      return null;
    }
  }

  private Event parseLine(String s) {
    if (s.charAt(0) == '[') {
      return apache(s);
    }
    if (s.charAt(4) != '/' || s.charAt(7) != '/' || s.charAt(10) != ' ' || s.charAt(13) != ':' || s.charAt(19) != ' '
        || s.charAt(20) != '[') {
      return null;
    }
    int y = Digits.fixed(s, 0, 4);
    int mo = Digits.fixed(s, 5, 2);
    int d = Digits.fixed(s, 8, 2);
    int h = Digits.fixed(s, 11, 2);
    int mi = Digits.fixed(s, 14, 2);
    int se = Digits.fixed(s, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) {
      return null;
    }
    String time;
    try {
      time = LocalDateTime.of(y, mo, d, h, mi, se).atZone(zone).toInstant().toString();
    } catch (DateTimeException e) {
      return null;
    }
    int close = s.indexOf(']', 21);
    if (close < 0 || close > 40) {
      return null;
    }
    String level = s.substring(21, close);
    int p = close + 1;
    // " PID#TID: " then an optional "*CID "
    int colon = s.indexOf(": ", p);
    if (colon < 0) {
      return null;
    }
    String msg = s.substring(colon + 2);
    if (msg.startsWith("*")) {
      int sp = msg.indexOf(' ');
      msg = sp < 0 ? "" : msg.substring(sp + 1);
    }
    EventBuilder x = b;
    x.add("@timestamp", time);
    x.add("log.level", level);
    int clientAt = msg.indexOf(", client: ");
    String text = clientAt < 0 ? msg : msg.substring(0, clientAt);
    x.add("message", text);
    String client = field(msg, ", client: ");
    if (client != null) {
      x.add("source.ip", client);
    }
    String server = field(msg, ", server: ");
    String request = quoted(msg, ", request: \"");
    if (request != null) {
      AccessLogParser.request(request, x);
    }
    String host = quoted(msg, ", host: \"");
    if (host != null) {
      x.add("destination.domain", host);
    } else if (server != null && !server.isEmpty()) {
      x.add("destination.domain", server);
    }
    String user = null;
    String action;
    String outcome = null;
    if (text.startsWith("user \"")) {
      user = text.substring(6, Math.max(6, text.indexOf('"', 6)));
      action = text.contains("was not found") ? "http_auth_user_not_found" : "http_auth_password_mismatch";
      outcome = "failure";
    } else if (text.startsWith("client login failed")) {
      user = quoted(msg, ", login: \"");
      action = "mail_login_failed";
      outcome = "failure";
    } else if (text.startsWith("limiting requests") || text.startsWith("limiting connections")) {
      action = "http_limit_req";
    } else {
      action = "http_error";
    }
    if (user != null) {
      x.add("user.name", user);
    }
    x.add("event.kind", "event");
    x.add("event.category", "web");
    x.add("event.action", action);
    if (outcome != null) {
      x.add("event.outcome", outcome);
    }
    x.add("event.module", "http");
    x.add("event.dataset", "http.error");
    x.add("event.original", s);
    return x.build();
  }

  private Event apache(String s) {
    int close = s.indexOf(']');
    // "[Thu Oct 13 12:24:49.880562 2022]" (microseconds optional)
    if (close < 25 || close > 40) {
      return null;
    }
    String t = s.substring(1, close);
    int month = AccessLogParser.monthIndex(t, 4) + 1;
    int day = Digits.fixed(t, 8, 2);
    if (day < 0 && t.charAt(8) == ' ') {
      day = Digits.fixed(t, 9, 1);
    }
    int h = Digits.fixed(t, 11, 2);
    int mi = Digits.fixed(t, 14, 2);
    int se = Digits.fixed(t, 17, 2);
    int y = Digits.fixed(t, t.length() - 4, 4);
    int micros = 0;
    if (t.length() > 20 && t.charAt(19) == '.') {
      micros = Digits.fixed(t, 20, 6);
    }
    if (month < 1 || day < 0 || h < 0 || mi < 0 || se < 0 || y < 0 || micros < 0) {
      return null;
    }
    String time;
    try {
      time = LocalDateTime.of(y, month, day, h, mi, se, micros * 1000).atZone(zone).toInstant().toString();
    } catch (DateTimeException e) {
      return null;
    }
    String level = null;
    String module = null;
    String client = null;
    int p = close + 1;
    while (p + 1 < s.length() && s.charAt(p) == ' ' && s.charAt(p + 1) == '[') {
      int e = s.indexOf(']', p + 2);
      if (e > 0 && s.startsWith("[client [", p + 1)) {
        e = s.indexOf(']', e + 1); // an IPv6 client: [client [2001:db8::1]:443]
      }
      if (e < 0) {
        return null;
      }
      String part = s.substring(p + 2, e);
      if (part.startsWith("client ")) {
        client = part.substring(7);
      } else if (part.startsWith("pid ")) {
        // process and thread ids: not kept
      } else if (level == null) {
        int colon = part.indexOf(':');
        module = colon < 0 ? null : part.substring(0, colon);
        level = colon < 0 ? part : part.substring(colon + 1);
      }
      p = e + 1;
    }
    if (level == null) {
      return null;
    }
    String msg = p < s.length() ? s.substring(p).strip() : "";
    EventBuilder x = b;
    x.add("@timestamp", time);
    x.add("log.level", level);
    if (module != null) {
      x.add("log.logger", module);
    }
    x.add("message", msg);
    if (client != null) {
      // "1.2.3.4:5678" or "[2001:db8::1]:5678" or an address alone
      String ip = client;
      String port = null;
      if (client.startsWith("[")) {
        int e = client.indexOf(']');
        ip = e < 0 ? client : client.substring(1, e);
        port = e >= 0 && e + 2 <= client.length() ? client.substring(Math.min(e + 2, client.length())) : null;
      } else if (client.indexOf(':') == client.lastIndexOf(':') && client.indexOf(':') > 0) {
        ip = client.substring(0, client.indexOf(':'));
        port = client.substring(client.indexOf(':') + 1);
      }
      x.add("source.ip", ip);
      long pn = port == null ? -1 : Digits.of(port, 0, port.length());
      if (pn >= 0) {
        x.add("source.port", pn);
      }
    }
    String action = "http_error";
    String outcome = null;
    if (msg.startsWith("AH01618: user ") || msg.startsWith("AH01617: user ")) {
      int from = 14;
      int to = msg.indexOf(msg.startsWith("AH01618") ? " not found" : ": authentication failure", from);
      if (to > from) {
        x.add("user.name", msg.substring(from, to));
      }
      action = msg.startsWith("AH01618") ? "http_auth_user_not_found" : "http_auth_password_mismatch";
      outcome = "failure";
    }
    x.add("event.kind", "event");
    x.add("event.category", "web");
    x.add("event.action", action);
    if (outcome != null) {
      x.add("event.outcome", outcome);
    }
    x.add("event.module", "http");
    x.add("event.dataset", "http.error");
    x.add("event.original", s);
    return x.build();
  }

  /** The text after {@code key} up to the next ", " (or the end). */
  private static String field(String msg, String key) {
    int i = msg.indexOf(key);
    if (i < 0) {
      return null;
    }
    int from = i + key.length();
    int to = msg.indexOf(", ", from);
    return to < 0 ? msg.substring(from) : msg.substring(from, to);
  }

  private static String quoted(String msg, String key) {
    int i = msg.indexOf(key);
    if (i < 0) {
      return null;
    }
    int from = i + key.length();
    for (int to = from; to < msg.length(); to++) {
      char c = msg.charAt(to);
      if (c == '\\') {
        to++;
      } else if (c == '"' && (to + 1 == msg.length() || msg.charAt(to + 1) == ',')) {
        return msg.substring(from, to);
      }
    }
    return null;
  }
}
