package org.patou.sigma;

import java.util.List;
import org.patou.sigma.rule.RuleInfo;
import org.patou.sigma.rule.RuleProblem;

/**
 * What a {@link SigmaLoader} made of the files it was given.
 *
 * @param files rule files added
 * @param rules rule documents seen (detection, filter and correlation rules; a file that is not
 *     YAML at all counts as one)
 * @param loaded rules that parsed and compiled
 * @param unsupported valid Sigma that patou cannot run, with the reason
 * @param invalid broken rules: bad YAML, unknown modifier, bad condition... with file and line
 * @param unmapped loaded rules whose logsource no pipeline maps: they run with their field names as
 *     written, on every event
 */
public record LoadReport(
    int files,
    int rules,
    List<RuleInfo> loaded,
    List<RuleProblem> unsupported,
    List<RuleProblem> invalid,
    List<RuleInfo> unmapped) {

  public LoadReport {
    loaded = List.copyOf(loaded);
    unsupported = List.copyOf(unsupported);
    invalid = List.copyOf(invalid);
    unmapped = List.copyOf(unmapped);
  }

  public int loadedCount() {
    return loaded.size();
  }
}
