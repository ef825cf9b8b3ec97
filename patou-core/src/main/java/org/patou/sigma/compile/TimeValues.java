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
    OffsetDateTime t = parse(s);
    return t == null ? Long.MIN_VALUE : t.toInstant().toEpochMilli();
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
