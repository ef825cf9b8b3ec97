package org.patou.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Times given to {@code --since}/{@code --until}: an instant with a zone ({@code
 * 2024-03-01T08:00:00Z}, {@code 2024-03-01T09:00+01:00}), a local date-time or date taken in
 * {@code --timezone} ({@code 2024-03-01 08:00}, {@code 2024-03-01}), or an age before now ({@code
 * 30m}, {@code 12h}, {@code 7d}).
 */
final class TimeArg {
  private TimeArg() {}

  static long parse(String text, ZoneId zone, Instant now) {
    String t = text.trim();
    if (t.matches("\\d{1,6}[smhdw]")) {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
      return now.minus(d).toEpochMilli();
    }
    String iso = t.replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a time: write 2024-03-01T08:00:00Z, 2024-03-01 08:00, 2024-03-01 or 12h/7d");
    }
  }
}
