package org.patou.sigma.compile;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.patou.event.NullValue;

/** How event values read as strings and numbers in Sigma matching. */
public final class Values {
  private static final String[] SMALL = new String[8192];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i);
    }
  }

  private Values() {}

  /**
   * The string a rule's value is compared with: strings as they are, numbers in decimal, booleans
   * as true/false, and a null value as the empty string (an empty EVTX element is a null).
   */
  public static String str(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long l && l >= 0 && l < SMALL.length) {
      return SMALL[(int) (long) l]; // EventIDs and the like: no string built per event
    }
    if (v instanceof NullValue) {
      return "";
    }
    return String.valueOf(v);
  }

  /** The number in a value, or null when it holds none. */
  public static BigDecimal number(Object v) {
    if (v instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof String s) {
      String t = s.trim();
      if (t.isEmpty() || t.length() > 64) {
        return null;
      }
      char c = t.charAt(0);
      if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
        return null;
      }
      try {
        return new BigDecimal(t);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
