package org.patou.correlation;

import java.util.Locale;

/** The correlation types of Sigma correlation specification v2.1.0, as written in {@code type}. */
public enum CorrelationType {
  /** Number of events in the window. */
  EVENT_COUNT,
  /** Number of distinct values of {@code condition.field} (a tuple when several fields). */
  VALUE_COUNT,
  /** Number of distinct referenced rules that matched in the window, in any order. */
  TEMPORAL,
  /** Number of referenced rules that matched in the window in the order of {@code rules}. */
  TEMPORAL_ORDERED,
  /** Sum of the numeric {@code condition.field}. */
  VALUE_SUM,
  /** Average of the numeric {@code condition.field}. */
  VALUE_AVG,
  /**
   * Share, in percent, of the window's events whose {@code condition.field} has the value of the
   * event being evaluated (the spec's "percentage of observed values"; {@code lte: 1} = rare).
   */
  VALUE_PERCENTILE;

  /** The name as written in a rule ({@code event_count}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type written {@code text}, or null when the spec defines no such type. */
  static CorrelationType fromLabel(String text) {
    for (CorrelationType t : values()) {
      if (t.label().equals(text)) {
        return t;
      }
    }
    return null;
  }

  /** True for the types whose condition needs {@code field}. */
  boolean needsField() {
    return this == VALUE_COUNT || this == VALUE_SUM || this == VALUE_AVG || this == VALUE_PERCENTILE;
  }

  /** True for the types whose measure is numeric over the field (thresholds may be fractions). */
  boolean isMetric() {
    return this == VALUE_SUM || this == VALUE_AVG || this == VALUE_PERCENTILE;
  }

  /** True for the types that correlate different rules rather than counting events. */
  boolean isTemporal() {
    return this == TEMPORAL || this == TEMPORAL_ORDERED;
  }
}
