package org.patou.sigma.parse;

import java.util.List;
import java.util.Map;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.rule.RuleInfo;

/** One YAML document of a rule file, read: a detection rule, a meta filter or a correlation. */
public sealed interface ParsedDoc {
  RuleInfo info();

  int line();

  /** A detection rule: its metadata and its condition with search identifiers inlined. */
  record Rule(RuleInfo info, Expr detection, int line) implements ParsedDoc {}

  /**
   * A meta filter ({@code filter:}): the rules it applies to (ids or names) and the condition that,
   * when it holds, suppresses their matches.
   */
  record Filter(RuleInfo info, List<String> rules, Expr condition, int line) implements ParsedDoc {}

  /** A correlation rule, handed as plain Java maps to the correlation package. */
  record Correlation(RuleInfo info, Map<String, Object> doc, int line) implements ParsedDoc {}
}
