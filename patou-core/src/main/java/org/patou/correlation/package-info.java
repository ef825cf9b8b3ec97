/**
 * Sigma correlation rules (specification v2.1.0): parsing ({@link
 * org.patou.correlation.CorrelationRule#parse}) and a streaming evaluator ({@link
 * org.patou.correlation.CorrelationEngine}).
 *
 * <h2>What enters, what leaves</h2>
 *
 * <p>Enters: correlation rules as already-loaded YAML maps (the caller reads files), then, per
 * stream, every base-rule match as {@code onMatch(ruleInfo, event, eventTimeMillis, out)}.
 *
 * <p>Leaves: {@link org.patou.sigma.match.Detection}s of correlation rules, handed to {@code out}:
 *
 * <ul>
 *   <li>{@code rule}: the correlation's {@link org.patou.sigma.rule.RuleInfo} ({@code correlation
 *       = true}, its own title, id, name, level, status, tags);
 *   <li>{@code groupBy}: group-by name (or alias name) to the value, as the last event carried it;
 *   <li>{@code events}: the events backing it, oldest first, at most 100 (the newest are kept, so
 *       {@code event()} is the newest): the whole window for event_count, value_sum and value_avg;
 *       the newest event per distinct value (value_count) or per rule (temporal); the matched
 *       sequence for temporal_ordered; the events sharing the measured value for value_percentile.
 *       A chained detection carries the inner detections' events;
 *   <li>{@code timestamp}: the time of the newest of those events (for an in-order stream, the
 *       event that completed the correlation).
 * </ul>
 *
 * <p>{@code generates(ruleInfo)} tells the caller whether a base rule's own detection is emitted:
 * not when a correlation without {@code generate: true} references it by id or name (pySigma's
 * reading). The same applies to a correlation referenced by another: the engine emits only the
 * correlations that no non-generating correlation references, and feeds all of them on.
 *
 * <h2>Threading</h2>
 *
 * <p>None. An engine is mutable and not thread-safe: one per stream (per Flink key group), driven by
 * one thread. Rules are immutable and may be shared. Nothing here opens files or sockets, starts
 * threads or reads the clock: time is the events' time.
 *
 * <h2>Windows</h2>
 *
 * <p>Each correlation keeps one window per group (the group-by values; an empty group-by is one
 * group). A window is sliding on event time: when an event for the group is evaluated, the window
 * is every not-yet-used event of the group whose time is at least {@code watermark - timespan},
 * both ends inclusive, where the watermark is the largest event time the engine has been given (in
 * a match of a referenced rule). Timespans are {@code s}, {@code m}, {@code h} or {@code d} as the
 * spec lists them; pySigma's extra {@code w}, {@code M}, {@code y} are refused. For a
 * stream in time order that is exactly "the events within {@code timespan} before this one" — no
 * fixed buckets, so a burst that straddles an hour boundary still counts as one (the spec's "should
 * not be restricted to boundaries").
 *
 * <p>What is measured per type: event_count, the number of events; value_count, the number of
 * distinct values of {@code condition.field} (a tuple when several fields, all present);
 * temporal, the number of distinct referenced rules; temporal_ordered, how many referenced rules
 * matched in the order of {@code rules} (rule 1, later rule 2, ...; events of equal time count in
 * arrival order); value_sum / value_avg, sum / mean of the numeric field (numeric text accepted);
 * value_percentile, the share in percent of the group's window events whose field has the value of
 * the event being evaluated (the spec's "percentage of observed values": {@code lte: 1} = a value
 * seen in at most 1% of the window). Temporal types without a condition need every rule ({@code gte}
 * the number of rules). Values compare by their text ({@code 4625} equals {@code "4625"}).
 *
 * <h2>When a correlation fires</h2>
 *
 * <p>The condition is tested each time the group's window receives an event, on the window as it
 * then is (all comparisons ANDed). When it holds, one detection is emitted and the group's window
 * is emptied: its events are used up, so the next detection needs a fresh set. An event_count
 * {@code gte: 10} therefore fires on the 10th event of a burst, not on the 11th, 12th...; a burst of
 * 25 in the timespan fires twice (events 1-10 and 11-20) and keeps 5 pending. temporal and
 * temporal_ordered fire once per completed set or sequence. value_percentile is the exception: its
 * window is the baseline the share is measured against, so it is not emptied and each qualifying
 * event fires once. Consequence of testing on arrival (as a CEP {@code having} clause does):
 * upper-bound-only count conditions ({@code lt}, {@code lte}, {@code neq}) hold for the window of
 * the first event and fire then, and a range ({@code gt: 100, lte: 200}) fires when the count first
 * enters it. Nothing waits for a window to close (a batch backend's "final count of the bucket"),
 * and {@link
 * org.patou.correlation.CorrelationEngine#finish} fires nothing: it releases every window (the
 * engine then starts afresh, counters kept).
 *
 * <p>Chaining: a correlation's detection is a match of that correlation, fed to the correlations
 * that reference it (by id or name) at the detection's time, as its newest event with the group-by
 * values laid over it (so an outer rule can group by an inner alias). Cycles are refused.
 *
 * <h2>Grouping</h2>
 *
 * <p>{@code aliases} map a group-by name to a different field per referenced rule (keyed by the
 * rule's name or id); names without an alias are field names. An event missing a group-by field
 * (absent or null) is skipped by that correlation and counted in {@code Stats.skipped}: it belongs
 * to no group, rather than to one "null" group that would correlate unrelated activity. The same
 * holds for a missing {@code condition.field}, and a non-numeric one for value_sum / value_avg.
 *
 * <h2>Out of order events</h2>
 *
 * <p>Events may arrive late by up to the correlation's timespan: an event whose time is at least
 * {@code watermark - timespan} is placed in its window in time order and evaluated. An older one
 * could only belong to windows that have already slid past it: it is dropped for that correlation
 * and counted in {@code Stats.late}. An event without time ({@code Long.MIN_VALUE}) is skipped.
 *
 * <h2>Memory bounds</h2>
 *
 * <ul>
 *   <li>States (correlation × group): at most {@code maxStates}. A state is evicted once all of
 *       its entries are older than {@code watermark - timespan} ({@code Stats.evicted}); a new
 *       state beyond the cap evicts the least recently touched one and counts a cap hit ({@code
 *       Stats.capHits}), losing that group's partial window.
 *   <li>Entries per state: value_count and temporal keep one entry per distinct value or rule.
 *       event_count and value_count may hold what their condition needs ({@code gte: N}: N) even
 *       past {@code maxEntriesPerState}, so a count can always reach its threshold; as a window is
 *       emptied when it fires, a {@code gt}/{@code gte} count never holds more than that.
 *       value_sum, value_avg, value_percentile and temporal_ordered hold at most {@code
 *       maxEntriesPerState} (default 1,000): past it the oldest entry is dropped ({@code
 *       Stats.trimmed}) and the measure covers the newest entries of the window only.
 *   <li>Events: only the newest 100 entries of a window keep their events; older entries keep
 *       numbers only. A detection carries at most 100 events.
 * </ul>
 */
package org.patou.correlation;
