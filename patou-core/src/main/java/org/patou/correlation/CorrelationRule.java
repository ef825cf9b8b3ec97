package org.patou.correlation;

import java.util.List;
import java.util.Map;
import org.patou.sigma.rule.RuleInfo;

/**
 * One Sigma correlation rule (specification v2.1.0), immutable. Built by {@link #parse} from one
 * YAML document that the caller has already loaded into a {@code Map}: the core reads no files and
 * does not care which YAML library produced the map.
 */
public final class CorrelationRule {
  private final RuleInfo info;
  private final CorrelationType type;
  private final List<String> rules;
  private final List<String> groupBy;
  private final Timespan timespan;
  private final Condition condition;
  private final Map<String, Map<String, String>> aliases;
  private final boolean generate;

  CorrelationRule(
      RuleInfo info,
      CorrelationType type,
      List<String> rules,
      List<String> groupBy,
      Timespan timespan,
      Condition condition,
      Map<String, Map<String, String>> aliases,
      boolean generate) {
    this.info = info;
    this.type = type;
    this.rules = List.copyOf(rules);
    this.groupBy = List.copyOf(groupBy);
    this.timespan = timespan;
    this.condition = condition;
    this.aliases = aliases;
    this.generate = generate;
  }

  /**
   * Parses one correlation rule.
   *
   * @param doc the YAML document as a map (String keys; values as snakeyaml-engine gives them)
   * @param file the rule source's name, for messages
   * @param line 1-based line where the document starts, for messages (0 when unknown)
   * @throws CorrelationRuleException when the rule breaks the specification; the message names the
   *     key and what is wrong
   */
  public static CorrelationRule parse(Map<String, Object> doc, String file, int line)
      throws CorrelationRuleException {
    return new CorrelationRuleParser(file, line).parse(doc);
  }

  /** The metadata a detection carries; {@link RuleInfo#correlation()} is true. */
  public RuleInfo info() {
    return info;
  }

  public CorrelationType type() {
    return type;
  }

  /** The referenced rules, by id or name, as written (Sigma rules or other correlations). */
  public List<String> rules() {
    return rules;
  }

  /** Group-by field names or alias names; empty means one group for all events. */
  public List<String> groupBy() {
    return groupBy;
  }

  public Timespan timespan() {
    return timespan;
  }

  /**
   * The condition. For temporal types written without one, the spec's meaning: {@code gte} the
   * number of referenced rules (all of them matched).
   */
  public Condition condition() {
    return condition;
  }

  /** Alias name to (referenced rule name or id to field name in that rule's events). */
  public Map<String, Map<String, String>> aliases() {
    return aliases;
  }

  /** True when the referenced rules' own detections are emitted as well. */
  public boolean generate() {
    return generate;
  }

  /**
   * The event field that carries group-by name {@code groupField} for events matched by the rule
   * known as {@code id} or {@code name}: the alias mapping when there is one, else the name itself.
   */
  String fieldFor(String groupField, String id, String name) {
    Map<String, String> mapping = aliases.get(groupField);
    if (mapping == null) {
      return groupField;
    }
    String f = name == null ? null : mapping.get(name);
    if (f == null && id != null) {
      f = mapping.get(id);
    }
    return f == null ? groupField : f;
  }

  @Override
  public String toString() {
    return "CorrelationRule[" + type.label() + " " + info.title() + " " + rules + " by " + groupBy
        + " within " + timespan.text() + " " + condition + "]";
  }
}
