package org.patou.sigma.compile;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import org.patou.sigma.expr.TimePart;

/**
 * Reads event times: ISO-8601 with or without offset (no offset means UTC), {@code yyyy-MM-dd
 * HH:mm:ss[.fff]} (Sysmon's UtcTime), epoch milliseconds (long) and epoch seconds (double, Zeek).
 */
public final class TimeValues {
  private static final DateTimeFormatter SPACE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]", java.util.Locale.ROOT);

  private TimeValues() {}

  /** Epoch milliseconds, or {@link Long#MIN_VALUE} when the value is not a time. */
  public static long epochMillis(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return (long) (d * 1000);
    }
    if (!(v instanceof String s)) {
      return Long.MIN_VALUE;
    }
    long fast = fastMillis(s);
    if (fast != UNSURE) {
      return fast;
    }
    OffsetDateTime t = parse(s);
    return t == null ? Long.MIN_VALUE : t.toInstant().toEpochMilli();
  }

  private static final long UNSURE = Long.MIN_VALUE + 1;

  /**
   * The common shapes read without java.time (which allocates ~1 KB a parse, once per event that
   * fires a rule): {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z]} and {@code yyyy-MM-dd HH:mm:ss[.fff]
   * [fff][fff]}, with a day of month up to 28 and a time in range. Anything else is {@link #UNSURE}
   * and goes the java.time way, so the result is the same either way.
   */
  static long fastMillis(String t) {
    int n = t.length();
    if (n < 19 || n > 30) {
      return UNSURE;
    }
    char sep = t.charAt(10);
    if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return UNSURE;
    }
    if (sep != 'T' && sep != ' ') {
      return UNSURE;
    }
    int y = digits(t, 0, 4);
    int mo = digits(t, 5, 2);
    int d = digits(t, 8, 2);
    int h = digits(t, 11, 2);
    int mi = digits(t, 14, 2);
    int se = digits(t, 17, 2);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) {
      return UNSURE;
    }
    int end = n;
    if (sep == 'T' && t.charAt(n - 1) == 'Z') {
      end = n - 1;
    } else if (sep == 'T' && t.indexOf('T') != 10) {
      return UNSURE;
    }
    long nanos = 0;
    if (end > 19) {
      int digitsCount = end - 20;
      if (t.charAt(19) != '.' || digitsCount < 1 || digitsCount > 9) {
        return UNSURE;
      }
      if (sep == ' ' && digitsCount != 3 && digitsCount != 6 && digitsCount != 9) {
        return UNSURE;
      }
      int f = digits(t, 20, digitsCount);
      if (f < 0) {
        return UNSURE;
      }
      nanos = f;
      for (int k = digitsCount; k < 9; k++) {
        nanos *= 10;
      }
    }
    long days = epochDay(y, mo, d);
    long secs = days * 86_400L + h * 3_600L + mi * 60L + se;
    return secs * 1000L + nanos / 1_000_000L;
  }

  /** The number in {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (as {@code LocalDate.toEpochDay}). */
  private static long epochDay(long y, int m, int d) {
    long total = 365 * y;
    if (y >= 0) {
      total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    } else {
      total -= y / -4 - y / -100 + y / -400;
    }
    total += (367 * m - 362) / 12;
    total += d - 1;
    if (m > 2) {
      total--;
      if (!java.time.Year.isLeap(y)) {
        total--;
      }
    }
    return total - 719_528L;
  }

  static OffsetDateTime parse(String s) {
    String t = s.trim();
    if (t.length() < 10 || t.length() > 40) {
      return null;
    }
    try {
      if (t.indexOf('T') > 0) {
        char last = t.charAt(t.length() - 1);
        if (last == 'Z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
          return OffsetDateTime.parse(t);
        }
        return LocalDateTime.parse(t).atOffset(ZoneOffset.UTC);
      }
      if (t.length() == 10) {
        return LocalDateTime.parse(t + "T00:00:00").atOffset(ZoneOffset.UTC);
      }
      return LocalDateTime.parse(t, SPACE).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The part of a time value, or -1 when it is not a time. */
  public static long part(Object v, TimePart part) {
    OffsetDateTime t;
    if (v instanceof Long l) {
      t = Instant.ofEpochMilli(l).atOffset(ZoneOffset.UTC);
    } else if (v instanceof String s) {
      t = parse(s);
    } else {
      return -1;
    }
    if (t == null) {
      return -1;
    }
    switch (part) {
      case MINUTE:
        return t.getMinute();
      case HOUR:
        return t.getHour();
      case DAY:
        return t.getDayOfMonth();
      case WEEK:
        return t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case MONTH:
        return t.getMonthValue();
      default:
        return t.getYear();
    }
  }
}
