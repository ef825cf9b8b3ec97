package org.patou.correlation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.patou.event.NullValue;

/** How event values become group keys, distinct values and numbers. */
final class Values {
  private Values() {}

  /**
   * The value as compared for grouping and distinct counting, or null when absent or null. Scalars
   * compare by their text, so {@code 4625} from one producer and {@code "4625"} from another fall
   * in one group, as Sigma matching itself is loose about types; a list compares element-wise.
   */
  static Object canonical(Object value) {
    if (value == null || value == NullValue.NULL) {
      return null;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        Object c = canonical(o);
        out.add(c == null ? "null" : c);
      }
      return List.copyOf(out);
    }
    return value instanceof String s ? s : String.valueOf(value);
  }

  /**
   * The value as a number for value_sum / value_avg, or NaN when it is not one. Numeric text is
   * accepted because many producers (EVTX, CSV) deliver numbers as strings.
   */
  static double number(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? d : Double.NaN;
    }
    if (value instanceof BigInteger b) {
      return b.doubleValue();
    }
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof String s && looksNumeric(s)) {
      try {
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : Double.NaN;
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** Digits, sign, point and exponent only: keeps "NaN", "Infinity" and hex floats out. */
  private static boolean looksNumeric(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
        return false;
      }
    }
    return true;
  }
}
