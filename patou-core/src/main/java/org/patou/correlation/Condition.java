package org.patou.correlation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When a correlation matches: one or more comparisons, all of which must hold (the spec's range
 * {@code gt: 100, lte: 200} is an AND), plus the field(s) the value_* types measure.
 *
 * @param comparisons operator to threshold, in the order written; never empty
 * @param fields the {@code field} value: one name, several for value_count tuples, or empty
 */
public record Condition(Map<Operator, Double> comparisons, List<String> fields) {

  public Condition {
    comparisons = Collections.unmodifiableMap(new EnumMap<>(comparisons));
    fields = List.copyOf(fields);
  }

  /** True when every comparison holds for {@code measure}. */
  public boolean test(double measure) {
    for (Map.Entry<Operator, Double> c : comparisons.entrySet()) {
      if (!c.getKey().test(measure, c.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The largest finite upper bound a counting rule may need to hold events for before the
   * condition can be decided: {@code gte 100} needs 100 entries, {@code gt 100} 101. Used to size
   * a window so that the count is never cut short by the per-state entry cap.
   */
  int entriesNeeded() {
    double need = 1;
    for (Map.Entry<Operator, Double> c : comparisons.entrySet()) {
      double t = c.getValue();
      need = Math.max(need, c.getKey() == Operator.GT || c.getKey() == Operator.LTE ? t + 1 : t);
    }
    return need >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(need);
  }
}
