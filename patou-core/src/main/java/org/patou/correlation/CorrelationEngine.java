package org.patou.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.patou.event.Event;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/**
 * Runs correlation rules over the detections of one event stream. Stateful and not thread-safe:
 * one engine per stream (per Flink key group), called by one thread; the caller owns threading.
 * The semantics (windows, firing, lateness, bounds) are documented in {@code package-info.java}.
 */
public final class CorrelationEngine {
  /** Entries one state holds at most unless its condition needs more (see package docs). */
  public static final int DEFAULT_MAX_ENTRIES = 1_000;

  /**
   * Counters since the engine was built.
   *
   * @param live states (correlation × group windows) held now
   * @param evicted states removed because their window expired as event time advanced
   * @param capHits states dropped because {@code maxStates} was reached
   * @param detections correlation detections fired (emitted or only fed to other correlations)
   * @param late events dropped because they were older than the watermark minus the timespan
   * @param skipped events ignored by a correlation: a group-by or condition field absent, null or
   *     not numeric where a number is needed, or no event time
   * @param trimmed entries dropped from a full window (the per-state entry cap)
   */
  public record Stats(
      int live, long evicted, long capHits, long detections, long late, long skipped,
      long trimmed) {}

  private final List<CorrelationRule> rules;
  private final References references;
  private final int[] maxEntries;
  private final boolean[] emits;
  private final StateTable states;
  private final Measure measure = new Measure();
  private long watermark = Long.MIN_VALUE;
  private long detections;
  private long late;
  private long skipped;
  private long trimmed;

  /**
   * @param rules the correlation rules; references between them (chains) are resolved by id or
   *     name
   * @param maxStates the most correlation × group windows held at once (at least 1)
   * @throws IllegalArgumentException when two rules share an id or name, or rules reference each
   *     other in a cycle
   */
  public CorrelationEngine(List<CorrelationRule> rules, int maxStates) {
    this(rules, maxStates, DEFAULT_MAX_ENTRIES);
  }

  /**
   * @param maxEntriesPerState the most entries a window keeps for the metric and temporal_ordered
   *     types (count types keep at least what their condition needs)
   */
  public CorrelationEngine(List<CorrelationRule> rules, int maxStates, int maxEntriesPerState) {
    if (maxStates < 1 || maxEntriesPerState < 1) {
      throw new IllegalArgumentException("maxStates and maxEntriesPerState must be at least 1");
    }
    this.rules = List.copyOf(rules);
    this.references = new References(this.rules);
    int n = this.rules.size();
    this.maxEntries = new int[n];
    this.emits = new boolean[n];
    long[] spans = new long[n];
    for (int c = 0; c < n; c++) {
      CorrelationRule r = this.rules.get(c);
      spans[c] = r.timespan().millis();
      maxEntries[c] = entriesFor(r, maxEntriesPerState);
      emits[c] = generates(r.info());
    }
    this.states = new StateTable(spans, maxStates);
  }

  /**
   * A base (or any) rule fired on {@code event} at event time {@code timestamp} (epoch ms). Feeds
   * every correlation that references the rule; detections that fire go to {@code out} (unless a
   * correlation referencing them suppresses them) and on to the correlations that reference them.
   */
  public void onMatch(RuleInfo base, Event event, long timestamp, Consumer<Detection> out) {
    List<References.Target> targets = references.targets(base.id(), base.name());
    if (targets.isEmpty()) {
      return;
    }
    if (timestamp == Long.MIN_VALUE) {
      skipped += targets.size(); // no event time: cannot be placed in any window
      return;
    }
    if (timestamp > watermark) {
      watermark = timestamp;
      states.expire(watermark);
    }
    for (References.Target t : targets) {
      feed(t.rule(), t.position(), base, event, List.of(event), timestamp, out);
    }
  }

  /**
   * End of the stream: releases every window. Nothing fires here: every type is decided on the
   * event that completes it, so an unfinished window (temporal or not) is simply incomplete.
   */
  public void finish(Consumer<Detection> out) {
    states.clear();
    watermark = Long.MIN_VALUE;
  }

  /** Every rule id or name that some correlation references, as written. */
  public Set<String> referencedRules() {
    return references.referenced();
  }

  /**
   * Whether the rule's own detections should be emitted: false when a correlation without {@code
   * generate: true} references it by id or name (pySigma's reading: any such reference suppresses).
   */
  public boolean generates(RuleInfo base) {
    return references.generates(base.id(), base.name());
  }

  public Stats stats() {
    return new Stats(
        states.live(), states.evicted, states.capHits, detections, late, skipped, trimmed);
  }

  /** Offers one match to correlation {@code c}: admits it, places it in its window, tests. */
  private void feed(
      int c, int position, RuleInfo from, Event event, List<Event> evidence, long time,
      Consumer<Detection> out) {
    CorrelationRule rule = rules.get(c);
    long min = watermark - rule.timespan().millis();
    if (time < min) {
      late++; // every window it could belong to has slid past
      return;
    }
    GroupKey group = GroupKey.of(rule, from.id(), from.name(), event);
    CorrelationType type = rule.type();
    double number = type == CorrelationType.VALUE_SUM || type == CorrelationType.VALUE_AVG
        ? Values.number(event.get(conditionField(rule, from, 0)))
        : 0;
    Object key = group == null ? null : entryKey(rule, position, from, event, number);
    if (key == null) {
      skipped++;
      return;
    }
    GroupState state = states.get(c, group.key());
    if (state == null) {
      state = states.create(c, group.key(), maxEntries[c]);
    }
    Window w = state.window;
    w.dropOlderThan(min);
    boolean dedupe = type == CorrelationType.VALUE_COUNT || type == CorrelationType.TEMPORAL;
    if (w.add(time, position, key, number, evidence, dedupe)) {
      trimmed++;
    }
    measure.compute(type, w, key, rule.rules().size());
    if (measure.count > 0 && rule.condition().test(measure.value)) {
      fire(c, state, group, evidence, time, out);
    }
  }

  /** Emits correlation {@code c}'s detection, uses up its window and feeds the chains. */
  private void fire(
      int c, GroupState state, GroupKey group, List<Event> evidence, long time,
      Consumer<Detection> out) {
    CorrelationRule rule = rules.get(c);
    Window w = state.window;
    List<Event> events = w.evidence(measure.chosen, measure.count);
    long at = w.time(measure.chosen[measure.count - 1]);
    if (events.isEmpty()) {
      // The newest backing entry is older than the newest 100 of a long window and gave up its
      // events (only value_percentile, with an event far out of order): report the evaluated one.
      events = evidence;
      at = time;
    }
    Detection d = new Detection(rule.info(), at, events, group.values());
    detections++;
    if (rule.type() != CorrelationType.VALUE_PERCENTILE) {
      states.remove(state); // the events are used up: the next detection needs fresh ones
    }
    if (emits[c]) {
      out.accept(d);
    }
    Event carrier = new GroupedEvent(d.event(), group.values());
    for (References.Target t : references.downstream(c)) {
      feed(t.rule(), t.position(), rule.info(), carrier, events, at, out);
    }
  }

  /**
   * What the window keeps of the event for the rule's type (the value compared or deduplicated),
   * or null when the event lacks what the type measures.
   */
  private static Object entryKey(
      CorrelationRule rule, int position, RuleInfo from, Event event, double number) {
    switch (rule.type()) {
      case TEMPORAL:
        return position; // one entry per rule
      case VALUE_COUNT:
      case VALUE_PERCENTILE:
        return fieldKey(rule, from, event);
      case VALUE_SUM:
      case VALUE_AVG:
        return Double.isNaN(number) ? null : Boolean.TRUE;
      default:
        return Boolean.TRUE;
    }
  }

  /** The value_count / value_percentile key: one value, or the tuple of several fields. */
  private static Object fieldKey(CorrelationRule rule, RuleInfo from, Event event) {
    List<String> fields = rule.condition().fields();
    if (fields.size() == 1) {
      return Values.canonical(event.get(conditionField(rule, from, 0)));
    }
    List<Object> tuple = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Object v = Values.canonical(event.get(conditionField(rule, from, i)));
      if (v == null) {
        return null; // the fields are linked by AND: all must be present
      }
      tuple.add(v);
    }
    return List.copyOf(tuple);
  }

  /** Condition fields go through the aliases too, so a metric can follow renamed fields. */
  private static String conditionField(CorrelationRule rule, RuleInfo from, int i) {
    return rule.fieldFor(rule.condition().fields().get(i), from.id(), from.name());
  }

  private static int entriesFor(CorrelationRule r, int configured) {
    switch (r.type()) {
      case EVENT_COUNT:
      case VALUE_COUNT:
        // A count must be able to reach its threshold, whatever the configured cap.
        return Math.max(configured, r.condition().entriesNeeded());
      case TEMPORAL:
        return r.rules().size(); // one entry per rule
      default:
        return configured;
    }
  }
}
