package org.patou.egress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.decide.BoundedMap;

/**
 * The egress view and its detector: bytes each internal host sent to each outside destination,
 * per time bucket, and each host's baseline of transfer sizes; flags transfers by the rule of
 * {@link EgressPolicy}. Flows from a non-internal address, or to an internal one, are not data
 * leaving and are only counted as ignored. Memory is bounded: at most {@code max_pairs}
 * host→destination pairs and {@code max_hosts} hosts (least recently used go, {@link
 * #pairEvictions()} and {@link #hostEvictions()} count them; an evicted pair is new again if it
 * comes back), {@code keep_buckets} buckets per pair, {@code baseline_samples} samples per host.
 * Time is the flows' own, so offline files and live events give the same answers; a flow older
 * than its pair's current bucket counts into that bucket's running total. Not thread-safe.
 */
public final class EgressEngine {
  /** Pairs of one host still open in its current bucket (beyond: their samples are dropped, counted). */
  static final int MAX_OPEN = 4096;

  private final EgressPolicy policy;
  private final long bucketMs;
  private final BoundedMap<String, Host> hosts;
  private final BoundedMap<String, Pair> pairs;
  private long flows;
  private long ignored;
  private long samplesDropped;
  private long flagged;

  /** One pair's bytes in one bucket, for the view. */
  public record Bucket(Instant start, long bytes, int flows) {}

  /** What the view shows for a host→destination pair. */
  public record PairView(String destination, Instant firstSeen, Instant lastSeen, long bytes, long flows,
      List<Bucket> buckets) {}

  /** What the view shows for a host: totals, baseline and its pairs (most bytes first). */
  public record HostView(String host, long bytes, long flows, int samples, double median, double mad, double p99,
      double threshold, List<PairView> destinations) {}

  private final class Host {
    final String name;
    final Baseline baseline = new Baseline(policy.baselineSamples());
    final List<Pair> open = new ArrayList<>();
    long bucket = Long.MIN_VALUE;
    long bytes;
    long flows;

    Host(String name) {
      this.name = name;
    }
  }

  private static final class Pair {
    final String host;
    final String destination;
    final Instant first;
    Instant last;
    long total;
    long flows;
    long bucket = Long.MIN_VALUE;
    long bucketBytes;
    int bucketFlows;
    boolean flagged;
    final ArrayDeque<long[]> series = new ArrayDeque<>(); // {bucket, bytes, flows}

    Pair(String host, String destination, Instant first) {
      this.host = host;
      this.destination = destination;
      this.first = first;
      this.last = first;
    }
  }

  public EgressEngine(EgressPolicy policy) {
    this.policy = policy;
    this.bucketMs = policy.bucket().toMillis();
    this.hosts = new BoundedMap<>(policy.maxHosts());
    this.pairs = new BoundedMap<>(policy.maxPairs());
  }

  public EgressPolicy policy() {
    return policy;
  }

  /** True when the flow is data leaving: from an internal host to a non-internal address. */
  public boolean leaving(Flow f) {
    // Each address parsed once: this runs for every flow.
    if (!policy.internal().contains(Networks.parse(f.source()))) {
      return false;
    }
    inet.ipaddr.IPAddress d = Networks.parse(f.destination());
    return d != null && !policy.internal().contains(d);
  }

  /** Adds a flow to the view; returns the transfer it made unusual, or null. */
  public Transfer add(Flow f) {
    if (!leaving(f)) {
      ignored++;
      return null;
    }
    flows++;
    long b = Math.floorDiv(f.at().toEpochMilli(), bucketMs);
    Host h = hosts.get(f.source());
    if (h == null) {
      h = new Host(f.source());
      hosts.put(f.source(), h);
    }
    if (b > h.bucket) {
      // The host moved on: the transfers of its previous bucket are final, they join its baseline.
      for (Pair p : h.open) {
        if (p.bucket < b) {
          h.baseline.add(p.bucketBytes);
        }
      }
      h.open.removeIf(p -> p.bucket < b);
      h.bucket = b;
    }
    String key = f.source() + "->" + f.destination();
    Pair p = pairs.get(key);
    if (p == null) {
      p = new Pair(f.source(), f.destination(), f.at());
      pairs.put(key, p);
    }
    if (b > p.bucket) {
      p.bucket = b;
      p.bucketBytes = 0;
      p.bucketFlows = 0;
      p.flagged = false;
      if (h.open.size() < MAX_OPEN) {
        h.open.add(p);
      } else {
        samplesDropped++;
      }
    }
    p.bucketBytes += f.bytes();
    p.bucketFlows++;
    p.total += f.bytes();
    p.flows++;
    if (f.at().isAfter(p.last)) {
      p.last = f.at();
    }
    h.bytes += f.bytes();
    h.flows++;
    series(p, b, f.bytes());
    return check(h, p, f.at());
  }

  private Transfer check(Host h, Pair p, Instant at) {
    if (p.flagged || p.bucketBytes < policy.minBytes()
        || Duration.between(p.first, at).compareTo(policy.newFor()) >= 0) {
      return null;
    }
    Baseline.Stats s = h.baseline.stats();
    double threshold = threshold(s);
    String rule = null;
    if (policy.absoluteBytes() > 0 && p.bucketBytes >= policy.absoluteBytes()) {
      rule = "absolute";
    } else if (!Double.isNaN(threshold) && p.bucketBytes > threshold) {
      rule = "baseline";
    }
    if (rule == null) {
      return null;
    }
    p.flagged = true;
    flagged++;
    return new Transfer(p.host, p.destination, Instant.ofEpochMilli(p.bucket * bucketMs), at, p.first, p.bucketBytes,
        p.bucketFlows, rule, threshold, s.samples(), s.median(), s.mad(), s.p99());
  }

  /** The host's threshold: max(median + z × 1.4826 × MAD, p99_factor × p99); NaN under min_samples. */
  double threshold(Baseline.Stats s) {
    if (s.samples() < policy.minSamples()) {
      return Double.NaN;
    }
    return Math.max(s.median() + policy.z() * Baseline.MAD_SCALE * s.mad(), policy.p99Factor() * s.p99());
  }

  private void series(Pair p, long b, long bytes) {
    for (java.util.Iterator<long[]> it = p.series.descendingIterator(); it.hasNext();) {
      long[] e = it.next();
      if (e[0] == b) {
        e[1] += bytes;
        e[2]++;
        return;
      }
      if (e[0] < b) {
        break;
      }
    }
    if (p.series.isEmpty() || p.series.peekLast()[0] < b) {
      p.series.addLast(new long[] {b, bytes, 1});
      if (p.series.size() > policy.keepBuckets()) {
        p.series.removeFirst();
      }
    } else if (p.series.peekFirst()[0] > b && p.series.size() < policy.keepBuckets()) {
      p.series.addFirst(new long[] {b, bytes, 1});
    } else if (p.series.peekFirst()[0] < b) {
      // A late flow between two kept buckets: insert in order.
      List<long[]> all = new ArrayList<>(p.series);
      all.add(new long[] {b, bytes, 1});
      all.sort(Comparator.comparingLong(e -> e[0]));
      p.series.clear();
      p.series.addAll(all);
      if (p.series.size() > policy.keepBuckets()) {
        p.series.removeFirst();
      }
    }
    // else: older than every kept bucket of a full series; the pair's total still has it.
  }

  /** The view: every host still tracked (most bytes first), each with its destinations. */
  public List<HostView> view() {
    Map<String, List<PairView>> byHost = new LinkedHashMap<>();
    for (Pair p : pairs.values()) {
      List<Bucket> bs = new ArrayList<>(p.series.size());
      for (long[] e : p.series) {
        bs.add(new Bucket(Instant.ofEpochMilli(e[0] * bucketMs), e[1], (int) e[2]));
      }
      byHost.computeIfAbsent(p.host, k -> new ArrayList<>())
          .add(new PairView(p.destination, p.first, p.last, p.total, p.flows, bs));
    }
    List<HostView> out = new ArrayList<>();
    for (Host h : hosts.values()) {
      List<PairView> ps = byHost.getOrDefault(h.name, new ArrayList<>());
      ps.sort(Comparator.comparingLong(PairView::bytes).reversed().thenComparing(PairView::destination));
      Baseline.Stats s = h.baseline.stats();
      out.add(new HostView(h.name, h.bytes, h.flows, s.samples(), s.median(), s.mad(), s.p99(), threshold(s), ps));
    }
    out.sort(Comparator.comparingLong(HostView::bytes).reversed().thenComparing(HostView::host));
    return out;
  }

  /** Flows that were data leaving. */
  public long flows() {
    return flows;
  }

  /** Flows that were not (from outside, internal to internal, no address). */
  public long ignored() {
    return ignored;
  }

  public long flagged() {
    return flagged;
  }

  public int pairCount() {
    return pairs.size();
  }

  public long pairEvictions() {
    return pairs.evictions();
  }

  public long hostEvictions() {
    return hosts.evictions();
  }

  /** Transfers left out of a baseline because their host had too many open pairs. */
  public long samplesDropped() {
    return samplesDropped;
  }
}
