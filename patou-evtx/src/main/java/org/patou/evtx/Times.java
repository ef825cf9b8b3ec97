package org.patou.evtx;

/** FILETIME and SYSTEMTIME to {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}, without java.time on the hot path. */
final class Times {
  /** 100 ns ticks between 1601-01-01 and 1970-01-01. */
  static final long EPOCH_DIFF_TICKS = 116_444_736_000_000_000L;

  private Times() {}

  /** Milliseconds since 1970 of a FILETIME (100 ns ticks since 1601, unsigned). */
  static long filetimeToMillis(long ticks) {
    return Math.floorDiv(ticks - EPOCH_DIFF_TICKS, 10_000L);
  }

  static String filetime(long ticks) {
    if (ticks < 0) { // beyond year 30828: not a real time
      ticks = Long.MAX_VALUE;
    }
    long micros = ticks / 10;
    long days = micros / 86_400_000_000L;
    long rem = micros % 86_400_000_000L;
    // days since 1601-01-01 -> days since 1970-01-01
    long epochDay = days - 134_774L;
    return format(epochDay, rem);
  }

  static String systemtime(int year, int month, int day, int hour, int minute, int second, int ms) {
    char[] c = new char[27];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, month, 2);
    c[7] = '-';
    put(c, 8, day, 2);
    c[10] = 'T';
    put(c, 11, hour, 2);
    c[13] = ':';
    put(c, 14, minute, 2);
    c[16] = ':';
    put(c, 17, second, 2);
    c[19] = '.';
    put(c, 20, ms * 1000, 6);
    c[26] = 'Z';
    return new String(c);
  }

  private static String format(long epochDay, long microsOfDay) {
    // Civil-from-days (H. Hinnant), proleptic Gregorian.
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
      y++;
    }
    long secs = microsOfDay / 1_000_000;
    int frac = (int) (microsOfDay % 1_000_000);
    char[] c = new char[27];
    put(c, 0, (int) y, 4);
    c[4] = '-';
    put(c, 5, (int) m, 2);
    c[7] = '-';
    put(c, 8, (int) d, 2);
    c[10] = 'T';
    put(c, 11, (int) (secs / 3600), 2);
    c[13] = ':';
    put(c, 14, (int) (secs / 60 % 60), 2);
    c[16] = ':';
    put(c, 17, (int) (secs % 60), 2);
    c[19] = '.';
    put(c, 20, frac, 6);
    c[26] = 'Z';
    return new String(c);
  }

  private static void put(char[] c, int at, int value, int width) {
    int v = Math.abs(value);
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }
}
