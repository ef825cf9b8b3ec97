package org.patou.hunt;

import java.util.List;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleSource;

/**
 * The seam between the app and the Sigma engine of patou-core. Everything the CLI does with rules
 * goes through here, so the engine can be replaced by a small fake in tests. The real one is {@link
 * SigmaEngine}.
 */
public interface Engine {

  /**
   * Loads and compiles rules. Never throws for a bad rule: bad rules are counted and listed in the
   * summary.
   *
   * @param minLevel rules below this level are not compiled into the matcher (still counted)
   */
  Loaded load(List<RuleSource> sources, Level minLevel);

  /**
   * As {@link #load(List, Level)}, with values for the rules' {@code %name%} placeholders (the
   * {@code |expand} modifier). An engine without placeholder support ignores them.
   */
  default Loaded load(List<RuleSource> sources, Level minLevel, java.util.Map<String, List<String>> placeholders) {
    return load(sources, minLevel);
  }

  /** A loaded rule set: what loading said, and the matcher over the rules that loaded. */
  record Loaded(LoadSummary summary, Matcher matcher) {}
}
