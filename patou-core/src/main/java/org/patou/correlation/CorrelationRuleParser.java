package org.patou.correlation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;

/**
 * Checks one YAML document against the correlation specification v2.1.0 and its JSON schema, and
 * builds the {@link CorrelationRule}. Every refusal names the key, so a rule author can fix the file
 * without reading this code. Unknown keys are allowed where the schema allows them (it has no
 * {@code additionalProperties: false}).
 */
final class CorrelationRuleParser {
  private static final int MAX_TITLE = 256;
  private static final Set<String> STATUSES =
      Set.of("stable", "test", "experimental", "deprecated", "unsupported");

  private final String file;
  private final int line;

  CorrelationRuleParser(String file, int line) {
    this.file = file;
    this.line = line;
  }

  CorrelationRule parse(Map<String, Object> doc) throws CorrelationRuleException {
    if (doc == null) {
      throw fail("empty document");
    }
    Object section = doc.get("correlation");
    if (section == null) {
      throw fail("correlation: missing (a correlation rule needs a 'correlation' section)");
    }
    if (!(section instanceof Map<?, ?> correlation)) {
      throw fail("correlation: must be a mapping, found " + kind(section));
    }
    if (doc.containsKey("detection")) {
      throw fail("a document has either 'detection' (a Sigma rule) or 'correlation', not both");
    }
    RuleInfo info = info(doc);
    CorrelationType type = type(correlation.get("type"));
    List<String> rules = rules(correlation.get("rules"));
    List<String> groupBy = groupBy(correlation.get("group-by"), type);
    Timespan timespan = timespan(correlation.get("timespan"));
    Condition condition = condition(correlation.get("condition"), type, rules.size());
    Map<String, Map<String, String>> aliases = aliases(correlation.get("aliases"));
    boolean generate = generate(correlation.get("generate"));
    return new CorrelationRule(
        info, type, rules, groupBy, timespan, condition, aliases, generate);
  }

  private RuleInfo info(Map<String, Object> doc) throws CorrelationRuleException {
    Object title = doc.get("title");
    if (title == null) {
      throw fail("title: missing (mandatory)");
    }
    if (!(title instanceof String t) || t.isBlank()) {
      throw fail("title: must be a non-empty string, found " + kind(title));
    }
    if (t.length() > MAX_TITLE) {
      throw fail("title: longer than " + MAX_TITLE + " characters");
    }
    String id = optionalString(doc, "id");
    String name = optionalString(doc, "name");
    String status = optionalString(doc, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw fail("status: '" + status + "' is not one of " + new TreeSet<>(STATUSES));
    }
    String levelText = optionalString(doc, "level");
    Level level = Level.parse(levelText);
    if (levelText != null && level == null) {
      throw fail("level: '" + levelText + "' is not informational, low, medium, high or critical");
    }
    List<String> tags = stringList(doc.get("tags"), "tags", true);
    return new RuleInfo(id, name, t, level, status, tags, Map.of(), file, true);
  }

  private CorrelationType type(Object value) throws CorrelationRuleException {
    if (value == null) {
      throw fail("correlation.type: missing (mandatory)");
    }
    CorrelationType type = value instanceof String s ? CorrelationType.fromLabel(s) : null;
    if (type == null) {
      List<String> known = new ArrayList<>();
      for (CorrelationType t : CorrelationType.values()) {
        known.add(t.label());
      }
      throw fail("correlation.type: '" + value + "' is not a correlation type of the"
          + " specification v2.1.0 " + known);
    }
    return type;
  }

  private List<String> rules(Object value) throws CorrelationRuleException {
    if (value == null) {
      throw fail("correlation.rules: missing (mandatory: the rules to correlate, by id or name)");
    }
    List<String> rules = stringList(value, "correlation.rules", false);
    if (rules.isEmpty()) {
      throw fail("correlation.rules: empty (list at least one rule id or name)");
    }
    for (String r : rules) {
      if (r.length() < 2) { // the schema's minLength
        throw fail("correlation.rules: '" + r + "' is too short for a rule id or name");
      }
    }
    return rules;
  }

  private List<String> groupBy(Object value, CorrelationType type)
      throws CorrelationRuleException {
    if (value == null) {
      throw fail("correlation.group-by: missing (mandatory for " + type.label()
          + "; use an empty list to correlate all events together)");
    }
    return stringList(value, "correlation.group-by", false);
  }

  private Timespan timespan(Object value) throws CorrelationRuleException {
    if (value == null) {
      throw fail("correlation.timespan: missing (mandatory)");
    }
    Timespan t = value instanceof String s ? Timespan.parse(s) : null;
    if (t == null) {
      throw fail("correlation.timespan: '" + value + "' is not a timespan: a positive number and"
          + " one of s, m, h, d in lowercase (e.g. 90m), at most " + Timespan.MAX_LENGTH
          + " characters");
    }
    return t;
  }

  private Condition condition(Object value, CorrelationType type, int ruleCount)
      throws CorrelationRuleException {
    if (value == null) {
      if (type.isTemporal()) {
        // Spec: for temporal types the count is of the different rules; without a condition
        // every referenced rule must match (pySigma's default, gte = number of rules).
        return new Condition(Map.of(Operator.GTE, (double) ruleCount), List.of());
      }
      throw fail("correlation.condition: missing (mandatory for " + type.label() + ")");
    }
    if (value instanceof String) {
      throw fail("correlation.condition: a string (extended condition) is not part of the"
          + " specification v2.1.0; use a mapping such as {gte: 10}");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw fail("correlation.condition: must be a mapping, found " + kind(value));
    }
    Map<Operator, Double> comparisons = new EnumMap<>(Operator.class);
    List<String> fields = List.of();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("field")) {
        fields = fields(e.getValue(), type);
        continue;
      }
      Operator op = Operator.fromLabel(key);
      if (op == null) {
        throw fail("correlation.condition: unknown key '" + key
            + "' (expected gt, gte, lt, lte, eq, neq or field)");
      }
      comparisons.put(op, threshold(key, e.getValue(), type));
    }
    if (comparisons.isEmpty()) {
      throw fail("correlation.condition: no comparison (give one of gt, gte, lt, lte, eq, neq)");
    }
    if (type.needsField() && fields.isEmpty()) {
      throw fail("correlation.condition.field: missing (mandatory for " + type.label() + ")");
    }
    if (!type.needsField() && !fields.isEmpty()) {
      throw fail("correlation.condition.field: not used by " + type.label()
          + " (only value_count, value_sum, value_avg and value_percentile measure a field)");
    }
    return new Condition(comparisons, fields);
  }

  private List<String> fields(Object value, CorrelationType type) throws CorrelationRuleException {
    List<String> fields = value instanceof String s
        ? List.of(s)
        : stringList(value, "correlation.condition.field", false);
    if (fields.isEmpty() || fields.stream().anyMatch(String::isEmpty)) {
      throw fail("correlation.condition.field: must name a field");
    }
    if (fields.size() > 1 && type != CorrelationType.VALUE_COUNT) {
      throw fail("correlation.condition.field: " + type.label() + " measures one field, found "
          + fields);
    }
    return fields;
  }

  private double threshold(String key, Object value, CorrelationType type)
      throws CorrelationRuleException {
    boolean integer =
        value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    if (integer) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Double d && type.isMetric() && Double.isFinite(d)) {
      return d; // the spec allows float thresholds for the metric types (value_avg note)
    }
    throw fail("correlation.condition." + key + ": '" + value + "' is not "
        + (type.isMetric() ? "a number" : "an integer count"));
  }

  private Map<String, Map<String, String>> aliases(Object value) throws CorrelationRuleException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw fail("correlation.aliases: must be a mapping of alias to {rule name: field}, found "
          + kind(value));
    }
    Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String alias = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> mapping) || mapping.isEmpty()) {
        throw fail("correlation.aliases." + alias + ": must be a non-empty mapping of rule name"
            + " to field name");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> m : mapping.entrySet()) {
        if (!(m.getValue() instanceof String f) || f.isEmpty()) {
          throw fail("correlation.aliases." + alias + "." + m.getKey()
              + ": must be a field name, found " + kind(m.getValue()));
        }
        fields.put(String.valueOf(m.getKey()), f);
      }
      aliases.put(alias, Collections.unmodifiableMap(fields));
    }
    return Collections.unmodifiableMap(aliases);
  }

  private boolean generate(Object value) throws CorrelationRuleException {
    if (value == null) {
      return false; // spec: only the correlation query is generated by default
    }
    if (!(value instanceof Boolean b)) {
      throw fail("correlation.generate: must be true or false, found " + kind(value));
    }
    return b;
  }

  private String optionalString(Map<String, Object> doc, String key)
      throws CorrelationRuleException {
    Object v = doc.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw fail(key + ": must be a string, found " + kind(v));
    }
    return s;
  }

  /** A list of strings, each unique (the schema's uniqueItems). */
  private List<String> stringList(Object value, String key, boolean optional)
      throws CorrelationRuleException {
    if (value == null && optional) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw fail(key + ": must be a list of strings, found " + kind(value));
    }
    List<String> out = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw fail(key + ": items must be strings, found " + kind(o));
      }
      if (!seen.add(s)) {
        throw fail(key + ": '" + s + "' is listed twice");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  private static String kind(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a list";
    }
    return "'" + v + "' (" + v.getClass().getSimpleName() + ")";
  }

  private CorrelationRuleException fail(String problem) {
    return new CorrelationRuleException(file, line, problem);
  }
}
