package org.patou.hunt;

import java.util.List;
import org.patou.sigma.rule.RuleProblem;

/**
 * What loading a rule tree gave: counts plus one entry per rule that did not load.
 *
 * @param files rule files read
 * @param rules rules found in them (a file may hold several documents)
 * @param loaded rules that parsed and compiled, whether or not a pipeline maps their log source
 * @param unmapped loaded rules whose log source no pipeline maps (they can match only events whose
 *     field names already are Sigma's)
 * @param unsupported valid Sigma that patou cannot run, with the reason
 * @param invalid files or rules that are wrong, with the line
 */
public record LoadSummary(
    int files,
    int rules,
    int loaded,
    int unmapped,
    List<RuleProblem> unsupported,
    List<RuleProblem> invalid) {

  public LoadSummary {
    unsupported = List.copyOf(unsupported);
    invalid = List.copyOf(invalid);
  }
}
