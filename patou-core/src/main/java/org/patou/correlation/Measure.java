package org.patou.correlation;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a correlation type measures on a group's window, computed from the window's entries each
 * time the group receives an event. Recomputing (rather than keeping running totals) keeps sums
 * exact in a fixed order and the code obviously right; the window's entry cap bounds the cost.
 *
 * <p>{@link #chosen} says which entries back the result: the whole window, except for
 * temporal_ordered (the rules' events in order) and value_percentile (the events sharing the
 * evaluated value).
 */
final class Measure {
  double value;
  int[] chosen = new int[8];
  int count;

  /**
   * Measures {@code w} for {@code type}; {@code key} is the evaluated event's key (used by
   * value_percentile) and {@code ruleCount} the number of referenced rules.
   */
  void compute(CorrelationType type, Window w, Object key, int ruleCount) {
    count = 0;
    switch (type) {
      case EVENT_COUNT:
      case VALUE_COUNT: // one entry per distinct value (the window dedupes)
      case TEMPORAL: // one entry per referenced rule (the window dedupes)
        chooseAll(w);
        value = w.size();
        break;
      case TEMPORAL_ORDERED:
        value = orderedPrefix(w, ruleCount);
        break;
      case VALUE_SUM:
        chooseAll(w);
        value = sum(w);
        break;
      case VALUE_AVG:
        chooseAll(w);
        value = w.size() == 0 ? 0 : sum(w) / w.size();
        break;
      case VALUE_PERCENTILE:
        value = share(w, key);
        break;
      default:
        throw new AssertionError(type);
    }
  }

  /**
   * How many referenced rules matched in the order of {@code rules}: the first rule, then later
   * the second, and so on. Taking the earliest event of each next rule is optimal for finding an
   * ordered subsequence, so one pass over the time-sorted window suffices.
   */
  private int orderedPrefix(Window w, int ruleCount) {
    int next = 0;
    for (int i = 0; i < w.size() && next < ruleCount; i++) {
      if (w.rule(i) == next) {
        choose(i);
        next++;
      }
    }
    return next;
  }

  private double sum(Window w) {
    double s = 0;
    for (int i = 0; i < w.size(); i++) {
      s += w.number(i);
    }
    return s;
  }

  /** Percent of the window's entries whose value equals {@code key}. */
  private double share(Window w, Object key) {
    if (w.size() == 0) {
      return 0;
    }
    for (int i = 0; i < w.size(); i++) {
      if (Objects.equals(w.key(i), key)) {
        choose(i);
      }
    }
    return 100.0 * count / w.size();
  }

  private void chooseAll(Window w) {
    for (int i = 0; i < w.size(); i++) {
      choose(i);
    }
  }

  private void choose(int i) {
    if (count == chosen.length) {
      chosen = Arrays.copyOf(chosen, count * 2);
    }
    chosen[count++] = i;
  }
}
