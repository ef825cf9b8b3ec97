package org.patou.correlation;

/**
 * A correlation {@code timespan}: a positive number and one lowercase unit letter, {@code s},
 * {@code m}, {@code h} or {@code d}, exactly as the specification lists them ({@code 90m}).
 *
 * @param text as written
 * @param millis its length in milliseconds
 */
public record Timespan(String text, long millis) {

  /** The schema's {@code maxLength} for a timespan. */
  static final int MAX_LENGTH = 10;

  /**
   * Parses {@code text}; null when it is not a timespan. Hand-written rather than a regex: core
   * code avoids java.util.regex and the grammar is one number and one letter.
   */
  static Timespan parse(String text) {
    if (text == null || text.length() < 2 || text.length() > MAX_LENGTH) {
      return null;
    }
    long unit = unitMillis(text.charAt(text.length() - 1));
    if (unit == 0) {
      return null;
    }
    long count = 0;
    for (int i = 0; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      count = count * 10 + (c - '0'); // at most 9 digits: cannot overflow
    }
    if (count == 0) {
      return null;
    }
    return new Timespan(text, Math.multiplyExact(count, unit));
  }

  private static long unitMillis(char unit) {
    switch (unit) {
      case 's':
        return 1_000L;
      case 'm':
        return 60_000L;
      case 'h':
        return 3_600_000L;
      case 'd':
        return 86_400_000L;
      default:
        return 0;
    }
  }
}
