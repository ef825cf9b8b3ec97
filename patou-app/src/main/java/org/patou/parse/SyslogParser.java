package org.patou.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.patou.event.Event;
import org.patou.event.EventBuilder;

/**
 * Turns one line of a plain log into an {@link Event} with ECS field names. Understands the syslog
 * headers of RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}), RFC 3164 ({@code
 * <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}, the priority optional as in files written by rsyslog)
 * and rsyslog's high-precision variant (an RFC 3339 time in place of the 3164 one), then reads the
 * messages of sshd, sudo and su (see {@link AuthMessages}).
 *
 * <p>Fields: {@code @timestamp} (ISO-8601 UTC), {@code host.name}, {@code process.name}, {@code
 * process.pid}, {@code message}, {@code event.original} (the whole line), {@code log.syslog.*}, plus
 * what the message gives ({@code source.ip}, {@code source.port}, {@code user.name}, {@code
 * event.outcome}, {@code event.category}, {@code event.type}, {@code event.action}...). A line with
 * no recognised header keeps only {@code message} and {@code event.original}.
 *
 * <p>Never throws on any input: the contract is tested on random, huge and binary lines. Not
 * thread-safe (it reuses a builder): one per thread.
 */
public final class SyslogParser {
  /** Longer lines are cut here before parsing; {@code event.original} keeps the cut line. */
  public static final int MAX_LINE = 64 * 1024;

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final ZoneId zone;
  private final ZonedDateTime reference;
  private final EventBuilder builder = new EventBuilder();

  /**
   * @param zone the zone of timestamps that carry none (RFC 3164)
   * @param reference "now" for the year of RFC 3164 timestamps, which carry none: the year is the
   *     reference's, or the one before when that would put the line more than a day in the future
   */
  public SyslogParser(ZoneId zone, ZonedDateTime reference) {
    this.zone = zone;
    this.reference = reference;
  }

  /** Parses one line (without its line terminator). */
  public Event parse(String rawLine) {
    String line = rawLine.length() > MAX_LINE ? rawLine.substring(0, MAX_LINE) : rawLine;
    EventBuilder b = builder;
    try {
      if (!parseHeader(line, b)) {
        b.build(); // drop partial fields
        b.add("message", line);
      }
    } catch (RuntimeException e) {
      // Defensive: a parser bug must not stop a hunt; keep the line as a plain message.
      b.build();
      b.add("message", line);
    }
    b.add("event.original", line);
    return b.build();
  }

  private boolean parseHeader(String line, EventBuilder b) {
    Cursor c = new Cursor(line);
    int pri = -1;
    if (c.peek() == '<') {
      int close = line.indexOf('>', 1);
      if (close > 1 && close <= 4) {
        pri = parseSmallInt(line, 1, close);
        if (pri < 0 || pri > 191) {
          return false;
        }
        c.pos = close + 1;
      } else {
        return false;
      }
    }
    if (pri >= 0 && c.startsWith("1 ")) {
      return parse5424(c, pri, b);
    }
    // RFC 3164 or its RFC 3339 variant.
    String time;
    long epochMs;
    int start = c.pos;
    if (monthIndex(line, start) >= 0) {
      epochMs = parse3164Time(c);
      if (epochMs == Long.MIN_VALUE) {
        return false;
      }
    } else {
      String token = c.token();
      if (token == null) {
        return false;
      }
      epochMs = parseRfc3339(token);
      if (epochMs == Long.MIN_VALUE) {
        return false;
      }
    }
    time = java.time.Instant.ofEpochMilli(epochMs).toString();
    if (!c.skipSpace()) {
      return false;
    }
    String host = c.token();
    if (host == null || !c.skipSpace()) {
      return false;
    }
    addPri(pri, b);
    b.add("@timestamp", time);
    b.add("host.name", host);
    b.add("log.syslog.hostname", host);
    // TAG[PID]: MSG, or a message with no tag.
    String rest = line.substring(c.pos);
    int colon = rest.indexOf(": ");
    String tag = null;
    long pid = -1;
    if (colon > 0 && colon <= 64 && !containsSpace(rest, 0, colon)) {
      String t = rest.substring(0, colon);
      int open = t.indexOf('[');
      if (open > 0 && t.endsWith("]")) {
        pid = Digits.of(t, open + 1, t.length() - 1);
        t = t.substring(0, open);
      }
      tag = t;
      rest = rest.substring(colon + 2);
    } else if (rest.endsWith(":") && !containsSpace(rest, 0, rest.length())) {
      tag = rest.substring(0, rest.length() - 1);
      rest = "";
    }
    if (tag != null) {
      b.add("process.name", tag);
      b.add("log.syslog.appname", tag);
    }
    if (pid >= 0) {
      b.add("process.pid", pid);
      b.add("log.syslog.procid", Long.toString(pid));
    }
    b.add("message", rest);
    dataset(tag, b);
    if (tag != null) {
      AuthMessages.read(tag, rest, b);
    }
    return true;
  }

  private boolean parse5424(Cursor c, int pri, EventBuilder b) {
    c.pos += 2;
    String ts = c.token();
    if (ts == null || !c.skipSpace()) {
      return false;
    }
    long epochMs = "-".equals(ts) ? Long.MIN_VALUE : parseRfc3339(ts);
    if (!"-".equals(ts) && epochMs == Long.MIN_VALUE) {
      return false;
    }
    String host = c.token();
    if (host == null || !c.skipSpace()) {
      return false;
    }
    String app = c.token();
    if (app == null || !c.skipSpace()) {
      return false;
    }
    String procid = c.token();
    if (procid == null || !c.skipSpace()) {
      return false;
    }
    String msgid = c.token();
    if (msgid == null) {
      return false;
    }
    c.skipSpace();
    String sd = null;
    if (c.peek() == '-') {
      c.pos++;
    } else if (c.peek() == '[') {
      int end = structuredDataEnd(c.s, c.pos);
      if (end < 0) {
        return false;
      }
      sd = c.s.substring(c.pos, end);
      c.pos = end;
    }
    c.skipSpace();
    String msg = c.pos < c.s.length() ? c.s.substring(c.pos) : "";
    if (msg.startsWith("\uFEFF")) {
      msg = msg.substring(1);
    }
    addPri(pri, b);
    b.add("log.syslog.version", "1");
    if (epochMs != Long.MIN_VALUE) {
      b.add("@timestamp", java.time.Instant.ofEpochMilli(epochMs).toString());
    }
    if (!"-".equals(host)) {
      b.add("host.name", host);
      b.add("log.syslog.hostname", host);
    }
    if (!"-".equals(app)) {
      b.add("process.name", app);
      b.add("log.syslog.appname", app);
    }
    if (!"-".equals(procid)) {
      b.add("log.syslog.procid", procid);
      long pid = Digits.of(procid, 0, procid.length());
      if (pid >= 0) {
        b.add("process.pid", pid);
      }
    }
    if (!"-".equals(msgid)) {
      b.add("log.syslog.msgid", msgid);
    }
    if (sd != null) {
      b.add("log.syslog.structured_data", sd);
    }
    b.add("message", msg);
    dataset("-".equals(app) ? null : app, b);
    if (!"-".equals(app)) {
      AuthMessages.read(app, msg, b);
    }
    return true;
  }

  /**
   * {@code event.module: system} and {@code event.dataset}: {@code system.auth} for the programs
   * that write {@code auth.log}/{@code secure}, {@code system.syslog} for the others. The Linux
   * pipeline of patou-core binds Sigma's {@code product: linux} log sources on these.
   */
  private static void dataset(String tag, EventBuilder b) {
    b.add("event.module", "system");
    b.add("event.dataset", tag != null && AuthMessages.isAuthProgram(tag) ? "system.auth" : "system.syslog");
  }

  /** Index just past the structured data starting at {@code from} ({@code [..][..]}), or -1. */
  private static int structuredDataEnd(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == '[') {
      i++;
      boolean quoted = false;
      while (true) {
        if (i >= s.length()) {
          return -1;
        }
        char ch = s.charAt(i);
        if (quoted) {
          if (ch == '\\') {
            i++;
          } else if (ch == '"') {
            quoted = false;
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ']') {
          i++;
          break;
        }
        i++;
      }
    }
    return i;
  }

  private static void addPri(int pri, EventBuilder b) {
    if (pri >= 0) {
      b.add("log.syslog.priority", (long) pri);
      b.add("log.syslog.facility.code", (long) (pri / 8));
      b.add("log.syslog.severity.code", (long) (pri % 8));
    }
  }

  private static int monthIndex(String s, int at) {
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

  /**
   * {@code Mmm dd hh:mm:ss}, the day space-padded, zero-padded or not padded, at the cursor; moves
   * the cursor past it. Long.MIN_VALUE when it is not one.
   */
  private long parse3164Time(Cursor c) {
    String s = c.s;
    int month = monthIndex(s, c.pos) + 1;
    int p = c.pos + 3;
    int spaces = 0;
    while (p < s.length() && s.charAt(p) == ' ' && spaces < 3) {
      p++;
      spaces++;
    }
    if (spaces == 0) {
      return Long.MIN_VALUE;
    }
    int day = digit(s, p);
    if (day < 0) {
      return Long.MIN_VALUE;
    }
    p++;
    if (digit(s, p) >= 0) {
      day = day * 10 + digit(s, p);
      p++;
    }
    if (day < 1 || day > 31 || p >= s.length() || s.charAt(p) != ' ') {
      return Long.MIN_VALUE;
    }
    p++;
    int h = twoDigits(s, p);
    int mi = twoDigits(s, p + 3);
    int se = twoDigits(s, p + 6);
    if (h < 0 || mi < 0 || se < 0 || s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
      return Long.MIN_VALUE;
    }
    p += 8;
    // Some writers add fractions of a second: "Feb 12 14:10:21.123".
    long fractionMs = 0;
    if (p < s.length() && s.charAt(p) == '.') {
      int q = p + 1;
      int digits = 0;
      while (digit(s, q) >= 0) {
        if (digits < 3) {
          fractionMs = fractionMs * 10 + digit(s, q);
        }
        digits++;
        q++;
      }
      if (digits == 0) {
        return Long.MIN_VALUE;
      }
      for (int k = digits; k < 3; k++) {
        fractionMs *= 10;
      }
      p = q;
    }
    try {
      int year = reference.withZoneSameInstant(zone).getYear();
      ZonedDateTime t = LocalDateTime.of(year, month, day, h, mi, se).atZone(zone);
      if (t.isAfter(reference.plusDays(1))) {
        t = LocalDateTime.of(year - 1, month, day, h, mi, se).atZone(zone);
      }
      c.pos = p;
      return t.toInstant().toEpochMilli() + fractionMs;
    } catch (DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static long parseRfc3339(String token) {
    if (token.length() < 20 || token.length() > 40 || digit(token, 0) < 0) {
      return Long.MIN_VALUE;
    }
    try {
      return OffsetDateTime.parse(token, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int twoDigits(String s, int at) {
    int a = digit(s, at);
    int b = digit(s, at + 1);
    return a < 0 || b < 0 ? -1 : a * 10 + b;
  }

  private static int digit(String s, int at) {
    if (at >= s.length()) {
      return -1;
    }
    char c = s.charAt(at);
    return c >= '0' && c <= '9' ? c - '0' : -1;
  }

  private static int parseSmallInt(String s, int from, int to) {
    long v = Digits.of(s, from, to);
    return v < 0 || v > 999 ? -1 : (int) v;
  }

  private static boolean containsSpace(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ' ') {
        return true;
      }
    }
    return false;
  }

  /** Position in a line, with token helpers. */
  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    int remaining() {
      return s.length() - pos;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    boolean startsWith(String p) {
      return s.startsWith(p, pos);
    }

    /** Skips one or more spaces; false when there was none. */
    boolean skipSpace() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
      return pos > start;
    }

    /** The run of non-space characters at the cursor, or null when empty. */
    String token() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) != ' ') {
        pos++;
      }
      return pos > start ? s.substring(start, pos) : null;
    }
  }
}
