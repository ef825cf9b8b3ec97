package org.patou.decide;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.patou.event.Event;

/**
 * Pours events into the buckets of every scenario and returns the alerts. Time is the event's
 * {@code @timestamp} (an event without one uses the last time seen), so a replay of old logs
 * behaves as the live stream did. Each scenario keeps at most {@code maxKeys} buckets; the least
 * recently used goes first and {@link #evictions()} says how many went.
 *
 * <p>Bucket semantics (close to CrowdSec's): a leaky bucket gains one per event and loses one per
 * {@code leakspeed}; when its level passes {@code capacity} it alerts with the number of events
 * poured since it was last empty, and is emptied. After an alert the key is in a blackhole for
 * {@code blackhole}: events for it are ignored by that scenario.
 *
 * <p>Not thread-safe; no I/O.
 */
public final class ScenarioEngine {
  /** Default number of keys kept per scenario. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  private final List<Scenario> scenarios;
  private final List<BoundedMap<String, Bucket>> buckets = new ArrayList<>();
  private final List<BoundedMap<String, Long>> blackholes = new ArrayList<>();
  /** Last alert time per scenario name and key, for sequences: "scenario\0key". */
  private final BoundedMap<String, Long> lastAlert;
  private final boolean[] referenced;
  /** Index into {@link #filters} of each scenario's filter: scenarios sharing one (use: NAME) test it once. */
  private final int[] filterOf;
  private final Condition[] filters;
  /** Per filter, the index in {@link #anchors} of a field it needs (-1: none certain). */
  private final int[] anchorOf;
  private final String[] anchors;
  /** Per event: 0 not looked up yet, 1 present, 2 absent. */
  private final byte[] anchorPresent;
  private final byte[] verdicts;
  private long lastTime = Long.MIN_VALUE;
  private long events;
  private String lastStamp;
  private long lastStampMs;

  public ScenarioEngine(List<Scenario> scenarios) {
    this(scenarios, DEFAULT_MAX_KEYS);
  }

  public ScenarioEngine(List<Scenario> scenarios, int maxKeys) {
    this.scenarios = List.copyOf(scenarios);
    Set<String> afters = new HashSet<>();
    for (Scenario s : scenarios) {
      buckets.add(new BoundedMap<>(maxKeys));
      blackholes.add(new BoundedMap<>(maxKeys));
      if (s.after() != null) {
        afters.add(s.after());
      }
    }
    referenced = new boolean[scenarios.size()];
    for (int i = 0; i < scenarios.size(); i++) {
      referenced[i] = afters.contains(scenarios.get(i).name());
    }
    lastAlert = new BoundedMap<>(maxKeys);
    filterOf = new int[scenarios.size()];
    List<Condition> distinct = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Condition f = scenarios.get(i).filter();
      int at = -1;
      for (int k = 0; k < distinct.size(); k++) {
        if (distinct.get(k) == f) {
          at = k;
        }
      }
      if (at < 0) {
        at = distinct.size();
        distinct.add(f);
      }
      filterOf[i] = at;
    }
    filters = distinct.toArray(new Condition[0]);
    verdicts = new byte[filters.length];
    List<String> anchorNames = new ArrayList<>();
    anchorOf = new int[filters.length];
    for (int f = 0; f < filters.length; f++) {
      String a = filters[f].anchor();
      if (a == null) {
        anchorOf[f] = -1;
      } else {
        if (!anchorNames.contains(a)) {
          anchorNames.add(a);
        }
        anchorOf[f] = anchorNames.indexOf(a);
      }
    }
    anchors = anchorNames.toArray(new String[0]);
    anchorPresent = new byte[anchors.length];
  }

  public List<Scenario> scenarios() {
    return scenarios;
  }

  /** Events offered so far. */
  public long events() {
    return events;
  }

  /** Buckets (and blackhole entries) dropped to keep within the key limit. */
  public long evictions() {
    long n = lastAlert.evictions();
    for (int i = 0; i < buckets.size(); i++) {
      n += buckets.get(i).evictions() + blackholes.get(i).evictions();
    }
    return n;
  }

  /** Buckets held now, all scenarios together. */
  public long liveBuckets() {
    long n = 0;
    for (BoundedMap<String, Bucket> m : buckets) {
      n += m.size();
    }
    return n;
  }

  /** Offers one event; returns the alerts it caused (often none). */
  public List<Alert> offer(Event e) {
    events++;
    long t = timeOf(e);
    List<Alert> out = null;
    java.util.Arrays.fill(verdicts, (byte) 0);
    java.util.Arrays.fill(anchorPresent, (byte) 0);
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      int f = filterOf[i];
      if (verdicts[f] == 0) {
        int a = anchorOf[f];
        if (a >= 0 && anchorPresent[a] == 0) {
          Object v = e.get(anchors[a]);
          anchorPresent[a] = v != null ? (byte) 1 : (byte) 2;
        }
        verdicts[f] = a >= 0 && anchorPresent[a] == 2 ? (byte) 2 : filters[f].test(e) ? (byte) 1 : (byte) 2;
      }
      if (verdicts[f] != 1) {
        continue;
      }
      String key = s.key().keyOf(e);
      if (key == null) {
        continue;
      }
      Alert a = pour(i, s, key, e, t);
      if (a != null) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(a);
        if (referenced[i]) {
          lastAlert.put(s.name() + '\0' + key, t);
        }
      }
    }
    return out == null ? List.of() : out;
  }

  private Alert pour(int i, Scenario s, String key, Event e, long t) {
    BoundedMap<String, Long> bh = blackholes.get(i);
    Long until = bh.get(key);
    if (until != null) {
      if (t < until) {
        return null;
      }
      bh.remove(key);
    }
    Alert alert = null;
    switch (s.kind()) {
      case TRIGGER -> alert = alert(s, key, 1, t, t);
      case SEQUENCE -> {
        Long prev = lastAlert.get(s.after() + '\0' + key);
        if (prev != null && t >= prev && t - prev <= s.window().toMillis()) {
          alert = alert(s, key, 1, prev, t);
        }
      }
      case LEAKY, DISTINCT -> {
        BoundedMap<String, Bucket> m = buckets.get(i);
        Bucket b = m.get(key);
        if (b == null) {
          b = new Bucket(t);
          m.put(key, b);
        }
        b.leak(t, s.leakSpeed().toMillis());
        if (s.kind() == Scenario.Kind.DISTINCT) {
          String v = valueOf(e, s.distinct());
          if (v == null || !b.distinct(v)) {
            return null;
          }
        }
        b.level += 1;
        b.count++;
        if (b.level > s.capacity()) {
          alert = alert(s, key, b.count, b.first, t);
          m.remove(key);
        }
      }
      default -> {
        // THRESHOLD, DISTINCT_THRESHOLD: the last events within the window.
        BoundedMap<String, Bucket> m = buckets.get(i);
        Bucket b = m.get(key);
        if (b == null) {
          b = new Bucket(t);
          m.put(key, b);
        }
        String v = null;
        if (s.kind() == Scenario.Kind.DISTINCT_THRESHOLD) {
          v = valueOf(e, s.distinct());
          if (v == null) {
            return null;
          }
        }
        if (b.window(t, v, s.window().toMillis(), s.capacity())) {
          alert = alert(s, key, s.capacity(), b.times.peekFirst(), t);
          m.remove(key);
        }
      }
    }
    if (alert != null && s.blackhole() != null && !s.blackhole().isZero()) {
      bh.put(key, t + s.blackhole().toMillis());
    }
    return alert;
  }

  private static Alert alert(Scenario s, String key, int n, long first, long t) {
    return new Alert(s, s.key(), key, n, Instant.ofEpochMilli(first), Instant.ofEpochMilli(t));
  }

  private static String valueOf(Event e, String field) {
    Object v = e.get(field);
    return v == null ? null : v.toString();
  }

  private long timeOf(Event e) {
    Object ts = e.get("@timestamp");
    if (ts instanceof String s) {
      if (s.equals(lastStamp)) {
        return lastStampMs;
      }
      try {
        long ms = Instant.parse(s).toEpochMilli();
        lastStamp = s;
        lastStampMs = ms;
        lastTime = Math.max(lastTime, ms);
        return ms;
      } catch (DateTimeParseException ex) {
        // fall through: the last time seen
      }
    }
    return lastTime == Long.MIN_VALUE ? 0 : lastTime;
  }

  /** State of one key in one scenario. */
  private static final class Bucket {
    double level;
    int count;
    long first;
    long last;
    Set<String> seen;
    ArrayDeque<Long> times;
    ArrayDeque<String> values;

    Bucket(long t) {
      first = t;
      last = t;
    }

    void leak(long t, long leakMs) {
      if (t > last) {
        level -= (double) (t - last) / leakMs;
        last = t;
      }
      if (level <= 0) {
        level = 0;
        count = 0;
        first = t;
        seen = null;
      }
    }

    /** True when v was not in the bucket (and is now). */
    boolean distinct(String v) {
      if (seen == null) {
        seen = new HashSet<>();
      }
      return seen.add(v);
    }

    /** Adds an event at t (with a distinct value or null); true when the threshold is reached. */
    boolean window(long t, String v, long windowMs, int need) {
      if (times == null) {
        times = new ArrayDeque<>();
        values = new ArrayDeque<>();
      }
      while (!times.isEmpty() && t - times.peekFirst() > windowMs) {
        times.pollFirst();
        values.pollFirst();
      }
      if (v != null && values.contains(v)) {
        return false;
      }
      times.addLast(t);
      values.addLast(v == null ? "" : v);
      return times.size() >= need;
    }
  }
}
