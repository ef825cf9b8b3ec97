package org.patou.correlation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.patou.event.Event;
import org.patou.event.NullValue;
import org.patou.sigma.rule.RuleInfo;

/**
 * A brute-force reading of the package's documented semantics for one correlation without chains:
 * it keeps every event it was given and, for each arrival, recomputes the group's window from
 * scratch (no eviction, no dedupe, no incremental state), so it shares no code or shortcut with the
 * engine. Returns each detection as a comparable line.
 */
final class Oracle {
  private record Seen(long seq, long time, int position, Object key, double number, Event event) {}

  /** A detection the oracle expects. */
  record Fired(String title, long time, Map<String, Object> groupBy, Event last) {
    String line() {
      return Oracle.line(title, time, groupBy, last);
    }
  }

  private final CorrelationRule rule;
  private final Map<Object, List<Seen>> unused = new HashMap<>();
  private long watermark = Long.MIN_VALUE;
  private long seq;

  Oracle(CorrelationRule rule) {
    this.rule = rule;
  }

  /**
   * One base-rule match. {@code anyReference} says whether some correlation of the engine under
   * test references the base rule, which is when the engine's clock moves.
   */
  Fired onMatch(RuleInfo base, Event event, long time, boolean anyReference) {
    if (!anyReference || time == Long.MIN_VALUE) {
      return null;
    }
    advance(time);
    int position = position(base);
    if (position < 0) {
      return null;
    }
    long min = watermark - rule.timespan().millis();
    if (time < min) {
      return null; // late
    }
    Map<String, Object> groupValues = new LinkedHashMap<>();
    List<Object> groupKey = new ArrayList<>();
    for (String g : rule.groupBy()) {
      String field = aliasOrSelf(g, base);
      Object raw = event.get(field);
      if (raw == null || raw == NullValue.NULL) {
        return null;
      }
      groupValues.put(g, raw);
      groupKey.add(text(raw));
    }
    Object key = null;
    double number = 0;
    switch (rule.type()) {
      case VALUE_COUNT:
      case VALUE_PERCENTILE:
        List<Object> tuple = new ArrayList<>();
        for (String f : rule.condition().fields()) {
          Object raw = event.get(aliasOrSelf(f, base));
          if (raw == null || raw == NullValue.NULL) {
            return null;
          }
          tuple.add(text(raw));
        }
        key = tuple;
        break;
      case VALUE_SUM:
      case VALUE_AVG:
        Object raw = event.get(aliasOrSelf(rule.condition().fields().get(0), base));
        if (raw instanceof Long l) {
          number = l;
        } else if (raw instanceof String s && !s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
          number = Long.parseLong(s);
        } else {
          return null; // the generator only makes integers, digit strings and junk
        }
        break;
      default:
        break;
    }
    List<Seen> group = unused.computeIfAbsent(groupKey, k -> new ArrayList<>());
    Seen now = new Seen(seq++, time, position, key, number, event);
    group.add(now);
    List<Seen> window = new ArrayList<>();
    for (Seen s : group) {
      if (s.time() >= min) {
        window.add(s);
      }
    }
    window.sort(Comparator.comparingLong(Seen::time).thenComparingLong(Seen::seq));
    List<Seen> chosen = new ArrayList<>();
    double measure;
    switch (rule.type()) {
      case EVENT_COUNT:
        chosen.addAll(window);
        measure = window.size();
        break;
      case VALUE_COUNT: {
        Set<Object> distinct = new HashSet<>();
        window.forEach(s -> distinct.add(s.key()));
        chosen.addAll(window);
        measure = distinct.size();
        break;
      }
      case TEMPORAL: {
        Set<Integer> distinct = new HashSet<>();
        window.forEach(s -> distinct.add(s.position()));
        chosen.addAll(window);
        measure = distinct.size();
        break;
      }
      case TEMPORAL_ORDERED: {
        int next = 0;
        for (Seen s : window) {
          if (next < rule.rules().size() && s.position() == next) {
            chosen.add(s);
            next++;
          }
        }
        measure = next;
        break;
      }
      case VALUE_SUM:
      case VALUE_AVG: {
        double sum = 0;
        for (Seen s : window) {
          sum += s.number();
        }
        chosen.addAll(window);
        measure = rule.type() == CorrelationType.VALUE_SUM ? sum : sum / window.size();
        break;
      }
      case VALUE_PERCENTILE:
        for (Seen s : window) {
          if (Objects.equals(s.key(), key)) {
            chosen.add(s);
          }
        }
        measure = 100.0 * chosen.size() / window.size();
        break;
      default:
        throw new AssertionError();
    }
    if (chosen.isEmpty() || !rule.condition().test(measure)) {
      return null;
    }
    Seen last = chosen.get(chosen.size() - 1);
    if (rule.type() != CorrelationType.VALUE_PERCENTILE) {
      group.clear(); // used up
    }
    return new Fired(rule.info().title(), last.time(), groupValues, last.event());
  }

  /** Moves the clock, as the engine does for every event of a referenced rule. */
  void advance(long time) {
    watermark = Math.max(watermark, time);
  }

  static String line(String title, long time, Map<String, Object> groupBy, Event last) {
    return title + " @" + time + " " + groupBy + " last=" + last.get("seq");
  }

  private int position(RuleInfo base) {
    for (int i = 0; i < rule.rules().size(); i++) {
      String r = rule.rules().get(i);
      if (r.equals(base.id()) || r.equals(base.name())) {
        return i;
      }
    }
    return -1;
  }

  private String aliasOrSelf(String name, RuleInfo base) {
    Map<String, String> m = rule.aliases().get(name);
    if (m == null) {
      return name;
    }
    if (m.containsKey(base.name())) {
      return m.get(base.name());
    }
    return m.getOrDefault(base.id(), name);
  }

  private static String text(Object v) {
    return String.valueOf(v);
  }
}
