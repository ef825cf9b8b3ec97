package org.patou.sigma;

import org.patou.sigma.rule.Level;

/**
 * How to compile a detector.
 *
 * @param minLevel rules below this level are not reported (null: all); a rule with no level is
 *     always kept; a low rule a correlation uses still feeds the correlation
 * @param maxCorrelationStates cap on the correlation engine's open states (group keys)
 */
public record DetectorOptions(Level minLevel, int maxCorrelationStates) {
  public DetectorOptions {
    if (maxCorrelationStates < 1) {
      throw new IllegalArgumentException("maxCorrelationStates must be positive");
    }
  }

  public static DetectorOptions defaults() {
    return new DetectorOptions(null, 100_000);
  }
}
