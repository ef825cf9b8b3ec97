package org.patou.egress;

import java.time.Instant;

/**
 * A flagged transfer: a host sent {@code bytes} to a destination new for it within one bucket.
 *
 * @param host the internal host
 * @param destination where the bytes went
 * @param bucket start of the time bucket
 * @param at time of the flow that crossed the threshold
 * @param firstSeen when the host first sent anything to the destination (as far as patou remembers)
 * @param bytes bytes sent to the destination in the bucket, up to {@code at}
 * @param flows flows behind them
 * @param rule {@code absolute} (above {@code absolute_bytes}) or {@code baseline} (above the host's threshold)
 * @param threshold the host's baseline threshold at that time (NaN: not enough samples)
 * @param samples transfers in the host's baseline
 * @param median their median
 * @param mad their median absolute deviation
 * @param p99 their 99th percentile
 */
public record Transfer(String host, String destination, Instant bucket, Instant at, Instant firstSeen, long bytes,
    int flows, String rule, double threshold, int samples, double median, double mad, double p99) {

  /** The robust z-score of this transfer against the host's baseline (NaN without one; infinite when MAD is 0). */
  public double z() {
    if (samples == 0) {
      return Double.NaN;
    }
    return (bytes - median) / (Baseline.MAD_SCALE * mad);
  }
}
