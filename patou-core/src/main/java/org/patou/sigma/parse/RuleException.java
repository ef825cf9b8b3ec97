package org.patou.sigma.parse;

import org.patou.sigma.rule.RuleProblem;

/** Why one rule document cannot be loaded, and the line to blame. Carried to a {@link RuleProblem}. */
public final class RuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final RuleProblem.Kind kind;
  private final int line;

  public RuleException(RuleProblem.Kind kind, int line, String message) {
    super(message);
    this.kind = kind;
    this.line = line;
  }

  public static RuleException invalid(int line, String message) {
    return new RuleException(RuleProblem.Kind.INVALID, line, message);
  }

  public static RuleException unsupported(int line, String message) {
    return new RuleException(RuleProblem.Kind.UNSUPPORTED, line, message);
  }

  public RuleProblem.Kind kind() {
    return kind;
  }

  public int line() {
    return line;
  }
}
