package org.patou.correlation;

import java.util.Locale;

/** A comparison of a correlation condition, as written ({@code gte}). */
public enum Operator {
  GT,
  GTE,
  LT,
  LTE,
  EQ,
  NEQ;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Operator fromLabel(String text) {
    for (Operator o : values()) {
      if (o.label().equals(text)) {
        return o;
      }
    }
    return null;
  }

  boolean test(double measure, double threshold) {
    switch (this) {
      case GT:
        return measure > threshold;
      case GTE:
        return measure >= threshold;
      case LT:
        return measure < threshold;
      case LTE:
        return measure <= threshold;
      case EQ:
        return measure == threshold;
      case NEQ:
        return measure != threshold;
      default:
        throw new AssertionError(this);
    }
  }
}
