package org.patou.correlation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.event.Event;

/**
 * The group an event falls in for one correlation: {@link #key} compares, {@link #values} is what a
 * detection reports (group-by name to the value as the event carried it).
 */
record GroupKey(Object key, Map<String, Object> values) {
  private static final Object ALL = "";

  /**
   * The group of {@code event}, matched by the rule {@code id}/{@code name}, or null when a group-by
   * field is absent or null: such an event belongs to no group and is skipped, because lumping all
   * "no user" events together would correlate unrelated activity (and it is what Splunk's
   * {@code stats by} and Elasticsearch's terms aggregation do with missing values).
   */
  static GroupKey of(CorrelationRule rule, String id, String name, Event event) {
    List<String> groupBy = rule.groupBy();
    if (groupBy.isEmpty()) {
      return new GroupKey(ALL, Map.of());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Object single = null;
    List<Object> many = groupBy.size() == 1 ? null : new ArrayList<>(groupBy.size());
    for (String g : groupBy) {
      Object raw = event.get(rule.fieldFor(g, id, name));
      Object c = Values.canonical(raw);
      if (c == null) {
        return null;
      }
      values.put(g, raw);
      if (many == null) {
        single = c;
      } else {
        many.add(c);
      }
    }
    return new GroupKey(many == null ? single : List.copyOf(many),
        Collections.unmodifiableMap(values));
  }
}
