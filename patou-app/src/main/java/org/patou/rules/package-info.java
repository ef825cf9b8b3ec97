/**
 * Rule files on disk: reading a tree of Sigma YAML ({@link org.patou.rules.RuleTree}), the
 * installed sets in the data directory ({@link org.patou.rules.RuleStore}) and where the rules in use
 * come from ({@link org.patou.rules.RuleLocations}).
 *
 * <p>Enters: directories and zip archives. Leaves: {@link org.patou.sigma.rule.RuleSource}s for the
 * engine. Owns no threads.
 */
package org.patou.rules;
