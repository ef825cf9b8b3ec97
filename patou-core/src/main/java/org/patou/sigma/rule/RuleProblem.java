package org.patou.sigma.rule;

/**
 * A rule that did not load. {@code kind} says why: {@link Kind#INVALID} (bad YAML, unknown modifier,
 * bad condition: the file is wrong) or {@link Kind#UNSUPPORTED} (valid Sigma that patou cannot run).
 *
 * @param ruleId the rule's id when it could be read, else null
 * @param file the {@link RuleSource} name
 * @param line 1-based line of the problem in the file, or 0 when unknown
 * @param message what is wrong, in words
 */
public record RuleProblem(Kind kind, String ruleId, String file, int line, String message) {
  public enum Kind {
    INVALID,
    UNSUPPORTED
  }
}
