/**
 * What a rule is to the rest of patou: its source text ({@link org.patou.sigma.rule.RuleSource}),
 * metadata ({@link org.patou.sigma.rule.RuleInfo}, {@link org.patou.sigma.rule.Level}) and why it
 * did not load ({@link org.patou.sigma.rule.RuleProblem}).
 *
 * <p>Enters and leaves: immutable records. No threads.
 */
package org.patou.sigma.rule;
