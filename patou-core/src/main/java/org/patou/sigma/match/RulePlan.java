package org.patou.sigma.match;

import java.util.List;
import java.util.function.UnaryOperator;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.rule.RuleInfo;

/**
 * A rule ready to compile: its metadata and, per kind of event it runs on, the precondition and
 * the optimised body, both in event field names. Made by {@link org.patou.sigma.SigmaLoader}.
 *
 * @param emit whether its own matches are reported (false for a base rule only a correlation uses,
 *     or one below the minimum level that a correlation still needs)
 * @param correlated whether its matches feed the correlation engine
 */
public record RulePlan(RuleInfo info, boolean emit, boolean correlated, List<Variant> variants) {
  public RulePlan {
    variants = List.copyOf(variants);
  }

  /**
   * One kind of event: {@code when} selects the events, {@code body} is the rule on them, {@code
   * fieldMap} maps the rule's field names to this kind of event's (identity when unmapped).
   */
  public record Variant(String label, Expr when, Expr body, UnaryOperator<String> fieldMap) {
    public Variant(String label, Expr when, Expr body) {
      this(label, when, body, UnaryOperator.identity());
    }
  }
}
