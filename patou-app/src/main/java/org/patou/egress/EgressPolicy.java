package org.patou.egress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.patou.decide.Decision;

/**
 * What the egress view keeps and when a transfer is flagged: the {@code egress:} section of the
 * configuration file (docs/egress.md).
 *
 * <p>The rule: a host's <em>transfer</em> to a destination is the bytes it sent there within one
 * {@code bucket}. It is flagged when the destination is new for the host (first seen less than
 * {@code new_for} ago), the transfer reached {@code min_bytes}, and either it reached {@code
 * absolute_bytes} (when not 0) or the host has at least {@code min_samples} earlier transfers and
 * this one is above {@code max(median + z × 1.4826 × MAD, p99_factor × p99)} of them.
 *
 * @param internal networks whose addresses are internal hosts (default: RFC 1918 and ULA)
 * @param bucket the time bucket of the view and of a transfer
 * @param newFor a destination is new for a host this long after it was first seen
 * @param maxPairs host→destination pairs tracked; the least recently used goes first (counted)
 * @param maxHosts internal hosts tracked (their baselines); least recently used goes first
 * @param keepBuckets buckets kept per pair for the view (the oldest go first; totals stay exact)
 * @param baselineSamples transfers kept per host for its baseline (the most recent)
 * @param minSamples transfers a host needs before its baseline is used
 * @param z robust z-score above which a transfer is unusual
 * @param p99Factor ... and it must also exceed this multiple of the host's p99
 * @param minBytes never flag less than this
 * @param absoluteBytes flag at least this much to a new destination, baseline or not (0: off)
 * @param block take a decision that blocks the host's traffic to the destination
 * @param duration how long that decision lasts (first offence; repeats escalate)
 * @param nftCounters live only: read the nftables accounting counters this often (zero: off)
 */
public record EgressPolicy(
    Networks internal,
    Duration bucket,
    Duration newFor,
    int maxPairs,
    int maxHosts,
    int keepBuckets,
    int baselineSamples,
    int minSamples,
    double z,
    double p99Factor,
    long minBytes,
    long absoluteBytes,
    boolean block,
    Duration duration,
    Duration nftCounters) {

  public static final EgressPolicy DEFAULT = new EgressPolicy(Networks.of(Networks.PRIVATE), Duration.ofHours(1),
      Duration.ofDays(1), 100_000, 10_000, 24, 256, 20, 6, 2, 1L << 20, 1L << 30, false, Duration.ofHours(4),
      Duration.ZERO);

  static final Set<String> KEYS = Set.of("internal", "bucket", "new_for", "max_pairs", "max_hosts", "keep_buckets",
      "baseline_samples", "min_samples", "z", "p99_factor", "min_bytes", "absolute_bytes", "block", "duration",
      "nft_counters");

  /** The {@code egress:} section of a configuration file (the defaults when it has none). */
  public static EgressPolicy read(java.nio.file.Path file) throws java.io.IOException {
    Object doc = new org.snakeyaml.engine.v2.api.Load(
        org.snakeyaml.engine.v2.api.LoadSettings.builder().setLabel(file.toString()).build())
        .loadFromString(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
    Object e = doc instanceof Map<?, ?> top ? top.get("egress") : null;
    if (e != null && !(e instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(file + ": 'egress' must be a mapping");
    }
    try {
      return of((Map<?, ?>) e);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
    }
  }

  /** The policy of an {@code egress:} mapping (null: the defaults); unknown keys and bad values are errors. */
  public static EgressPolicy of(Map<?, ?> m) {
    if (m == null) {
      return DEFAULT;
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException("unknown key 'egress." + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    EgressPolicy d = DEFAULT;
    Networks internal = d.internal();
    if (m.get("internal") != null) {
      List<String> nets = new ArrayList<>();
      if (m.get("internal") instanceof List<?> l) {
        l.forEach(x -> nets.add(String.valueOf(x)));
      } else {
        nets.add(m.get("internal").toString());
      }
      try {
        internal = Networks.of(nets);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("egress.internal: " + e.getMessage(), e);
      }
    }
    return new EgressPolicy(internal, duration(m, "bucket", d.bucket()), duration(m, "new_for", d.newFor()),
        (int) count(m, "max_pairs", d.maxPairs()), (int) count(m, "max_hosts", d.maxHosts()),
        (int) count(m, "keep_buckets", d.keepBuckets()), (int) count(m, "baseline_samples", d.baselineSamples()),
        (int) count(m, "min_samples", d.minSamples()), number(m, "z", d.z()), number(m, "p99_factor", d.p99Factor()),
        bytes(m, "min_bytes", d.minBytes()), bytes(m, "absolute_bytes", d.absoluteBytes()),
        m.get("block") == null ? d.block() : Boolean.parseBoolean(m.get("block").toString()),
        duration(m, "duration", d.duration()), duration(m, "nft_counters", d.nftCounters()));
  }

  public EgressPolicy {
    if (bucket.isZero() || bucket.isNegative()) {
      throw new IllegalArgumentException("egress.bucket must be positive");
    }
    if (maxPairs < 1 || maxHosts < 1 || keepBuckets < 1 || baselineSamples < 1 || minSamples < 1) {
      throw new IllegalArgumentException("egress: max_pairs, max_hosts, keep_buckets, baseline_samples and min_samples must be at least 1");
    }
  }

  public EgressPolicy withBucket(Duration b) {
    return new EgressPolicy(internal, b, newFor, maxPairs, maxHosts, keepBuckets, baselineSamples, minSamples, z, p99Factor,
        minBytes, absoluteBytes, block, duration, nftCounters);
  }

  public EgressPolicy withKeepBuckets(int n) {
    return new EgressPolicy(internal, bucket, newFor, maxPairs, maxHosts, n, baselineSamples, minSamples, z, p99Factor,
        minBytes, absoluteBytes, block, duration, nftCounters);
  }

  public EgressPolicy withInternal(Networks n) {
    return new EgressPolicy(n, bucket, newFor, maxPairs, maxHosts, keepBuckets, baselineSamples, minSamples, z, p99Factor,
        minBytes, absoluteBytes, block, duration, nftCounters);
  }

  public EgressPolicy withBlock(boolean b) {
    return new EgressPolicy(internal, bucket, newFor, maxPairs, maxHosts, keepBuckets, baselineSamples, minSamples, z,
        p99Factor, minBytes, absoluteBytes, b, duration, nftCounters);
  }

  private static Duration duration(Map<?, ?> m, String k, Duration d) {
    Object v = m.get(k);
    try {
      return v == null ? d : v instanceof Number n ? Duration.ofSeconds(n.longValue()) : Decision.parseDuration(v.toString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("egress." + k + ": not a duration: '" + v + "' (10s, 5m, 1h, 1d)", e);
    }
  }

  private static long count(Map<?, ?> m, String k, long d) {
    Object v = m.get(k);
    if (v == null) {
      return d;
    }
    if (v instanceof Number n && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE) {
      return n.longValue();
    }
    throw new IllegalArgumentException("egress." + k + ": a whole number is needed, not '" + v + "'");
  }

  private static double number(Map<?, ?> m, String k, double d) {
    Object v = m.get(k);
    if (v == null) {
      return d;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("egress." + k + ": a number is needed, not '" + v + "'");
  }

  private static long bytes(Map<?, ?> m, String k, long d) {
    Object v = m.get(k);
    if (v == null) {
      return d;
    }
    try {
      return parseBytes(v.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("egress." + k + ": " + e.getMessage(), e);
    }
  }

  /** {@code 1048576}, {@code 512K}, {@code 10M}, {@code 1G} (binary: 1K = 1024), {@code 10MiB}, {@code 10MB}. */
  public static long parseBytes(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long mult = 1;
    if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
      mult = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1).trim();
    }
    try {
      double n = Double.parseDouble(t);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return (long) (n * mult);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (1048576, 512K, 10M, 1G)");
    }
  }
}
