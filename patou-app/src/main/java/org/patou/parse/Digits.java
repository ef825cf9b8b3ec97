package org.patou.parse;

/**
 * Decimal numbers read in place from log text, without exceptions or allocation (they run on every
 * line): a bad number is -1, which no field here can be.
 */
public final class Digits {
  private Digits() {}

  /** The {@code len} digits at {@code from} as a number; -1 when they run past the end or one is not a digit. */
  public static int fixed(String s, int from, int len) {
    if (from + len > s.length()) {
      return -1;
    }
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

  /** s[from, to) as a non-negative number of 1 to 18 digits, or -1. */
  public static long of(String s, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
