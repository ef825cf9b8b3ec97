package org.patou.sigma.match;

import java.util.Map;

/**
 * Counters of one detector since it was built or copied.
 *
 * @param events events matched
 * @param candidates rule variants evaluated (after routing and prefiltering)
 * @param detections detections emitted (base and correlation)
 * @param correlation the correlation engine's counters (evictions, cap hits...), empty without one
 */
public record Stats(long events, long candidates, long detections, Map<String, Long> correlation) {

  public long correlationEvictions() {
    return correlation.getOrDefault("evictions", 0L);
  }

  public long correlationCapHits() {
    return correlation.getOrDefault("capHits", 0L);
  }
}
