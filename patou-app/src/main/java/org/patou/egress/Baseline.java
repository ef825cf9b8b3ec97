package org.patou.egress;

import java.util.Arrays;

/**
 * A host's usual transfer sizes: the bytes it sent to one destination within one time bucket,
 * for its last {@code capacity} (destination, bucket) pairs, in a ring. Median, median absolute
 * deviation and 99th percentile (nearest rank) are computed when asked and kept until the next
 * sample.
 */
final class Baseline {
  /** Scales the MAD to the standard deviation of a normal distribution. */
  static final double MAD_SCALE = 1.4826;

  private final double[] ring;
  private int count;
  private int next;
  private Stats cached;

  /** Median, MAD and p99 of the samples. */
  record Stats(int samples, double median, double mad, double p99) {}

  Baseline(int capacity) {
    this.ring = new double[capacity];
  }

  void add(long bytes) {
    ring[next] = bytes;
    next = (next + 1) % ring.length;
    count = Math.min(count + 1, ring.length);
    cached = null;
  }

  int samples() {
    return count;
  }

  Stats stats() {
    if (cached == null) {
      if (count == 0) {
        cached = new Stats(0, 0, 0, 0);
      } else {
        double[] s = Arrays.copyOf(ring, count);
        Arrays.sort(s);
        double median = median(s);
        double[] dev = new double[count];
        for (int i = 0; i < count; i++) {
          dev[i] = Math.abs(s[i] - median);
        }
        Arrays.sort(dev);
        double p99 = s[(int) Math.ceil(0.99 * count) - 1];
        cached = new Stats(count, median, median(dev), p99);
      }
    }
    return cached;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
