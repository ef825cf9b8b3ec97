/**
 * Reading Sigma YAML: {@link org.patou.sigma.parse.Yaml} (YAML 1.2 core schema, with lines),
 * {@link org.patou.sigma.parse.RuleFileParser} (documents, collection actions, rule/filter/
 * correlation), {@link org.patou.sigma.parse.ValueParser} (modifiers) and {@link
 * org.patou.sigma.parse.ConditionParser} (the condition grammar).
 *
 * <p>Enters: a rule file's text. Leaves: {@link org.patou.sigma.parse.ParsedDoc}s, or problems
 * naming file and line. Stateless apart from the configured placeholders; no threads.
 */
package org.patou.sigma.parse;
