package org.patou.evtx;

import java.util.Locale;

/**
 * Floats as the reference reader prints them: shortest round-trip digits, {@code 1.0} for whole
 * numbers, {@code 1e20} (lower-case, no plus sign) for large or small magnitudes.
 */
final class Floats {
  private Floats() {}

  static String toText(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String s = Double.toString(v);
    return s.replace("E", "e").toLowerCase(Locale.ROOT);
  }

  static String toText(float v) {
    if (Float.isNaN(v) || Float.isInfinite(v)) {
      return toText((double) v);
    }
    return Float.toString(v).replace("E", "e").toLowerCase(Locale.ROOT);
  }
}
