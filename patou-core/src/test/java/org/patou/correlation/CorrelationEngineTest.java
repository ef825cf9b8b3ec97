package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patou.event.NullValue;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/** The engine's documented behaviour beyond the specification's examples. */
class CorrelationEngineTest {
  private static final RuleInfo A = base("id-a", "rule_a");
  private static final RuleInfo B = base("id-b", "rule_b");
  private static final RuleInfo C = base("id-c", "rule_c");

  private static CorrelationRule count(String title, String condition, String timespan) {
    return rule("title: " + title + "\nname: " + title + "\ncorrelation:\n  type: event_count\n"
        + "  rules: [rule_a]\n  group-by: [host]\n  timespan: " + timespan + "\n"
        + "  condition: " + condition + "\n");
  }

  private final TestSupport.Sink sink = new TestSupport.Sink();

  @Test
  void outOfOrderEventsWithinTheTimespanCountAndComeOutInTimeOrder() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("three", "{gte: 3}", "5m")), 100);
    engine.onMatch(A, ev("host", "h", "n", 2L), T0 + 2 * MIN, sink);
    engine.onMatch(A, ev("host", "h", "n", 0L), T0, sink);
    engine.onMatch(A, ev("host", "h", "n", 1L), T0 + MIN, sink);
    assertThat(sink.got).hasSize(1);
    Detection d = sink.got.get(0);
    assertThat(d.events()).extracting(e -> e.get("n")).containsExactly(0L, 1L, 2L);
    assertThat(d.timestamp()).isEqualTo(T0 + 2 * MIN);
    assertThat(engine.stats().late()).isZero();
  }

  @Test
  void eventsOlderThanTheWatermarkMinusTheTimespanAreDroppedAndCounted() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("two", "{gte: 2}", "5m")), 100);
    engine.onMatch(A, ev("host", "h"), T0 + 10 * MIN, sink);
    engine.onMatch(A, ev("host", "h"), T0 + 5 * MIN - 1, sink); // 1 ms too old
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().late()).isEqualTo(1);
    engine.onMatch(A, ev("host", "h"), T0 + 5 * MIN, sink); // exactly at the edge: counts
    assertThat(sink.got).hasSize(1);
  }

  @Test
  void theWatermarkIsSharedAcrossGroups() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("two", "{gte: 2}", "5m")), 100);
    engine.onMatch(A, ev("host", "h1"), T0, sink);
    engine.onMatch(A, ev("host", "h2"), T0 + 10 * MIN, sink); // the stream moved on
    engine.onMatch(A, ev("host", "h1"), T0 + MIN, sink); // late for the stream
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().late()).isEqualTo(1);
  }

  @Test
  void missingOrNullGroupByFieldsAndMissingTimesAreSkipped() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("one", "{gte: 1}", "5m")), 100);
    engine.onMatch(A, ev("user", "x"), T0, sink);
    engine.onMatch(A, ev("host", NullValue.NULL), T0, sink);
    engine.onMatch(A, ev("host", "h"), Long.MIN_VALUE, sink);
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().skipped()).isEqualTo(3);
    assertThat(engine.stats().live()).isZero();
  }

  @Test
  void anEmptyGroupByIsOneGroupAndNumbersGroupWithTheirText() {
    CorrelationRule all = rule("title: all\ncorrelation:\n  type: event_count\n"
        + "  rules: [rule_a]\n  group-by: []\n  timespan: 1m\n  condition: {gte: 2}\n");
    CorrelationRule byId = rule("title: by id\ncorrelation:\n  type: event_count\n"
        + "  rules: [rule_a]\n  group-by: [EventID]\n  timespan: 1m\n  condition: {gte: 2}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(all, byId), 100);
    engine.onMatch(A, ev("EventID", 4625L), T0, sink);
    engine.onMatch(A, ev("EventID", "4625"), T0 + 1, sink);
    assertThat(sink.titles()).containsExactly("all", "by id");
    assertThat(sink.got.get(0).groupBy()).isEmpty();
    assertThat(sink.got.get(1).groupBy()).isEqualTo(Map.of("EventID", "4625"));
  }

  @Test
  void firesOncePerSetOfEventsNotOnEveryFurtherEvent() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("ten", "{gte: 10}", "1h")), 100);
    for (int i = 0; i < 25; i++) {
      engine.onMatch(A, ev("host", "h", "n", (long) i), T0 + i * 1000L, sink);
    }
    assertThat(sink.got).hasSize(2);
    assertThat(sink.got).extracting(d -> d.event().get("n")).containsExactly(9L, 19L);
    assertThat(sink.got.get(1).events()).extracting(e -> e.get("n")).first().isEqualTo(10L);
    assertThat(engine.stats().live()).isEqualTo(1); // 5 events pending
  }

  @Test
  void rangeAndUpperBoundConditionsAreTestedOnEachArrival() {
    CorrelationEngine range =
        new CorrelationEngine(List.of(count("range", "{gt: 2, lte: 4}", "1h")), 100);
    CorrelationEngine below =
        new CorrelationEngine(List.of(count("below", "{lt: 5}", "1h")), 100);
    for (int i = 0; i < 6; i++) {
      range.onMatch(A, ev("host", "h", "n", (long) i), T0 + i, sink);
      below.onMatch(A, ev("host", "h", "n", (long) i), T0 + i, sink);
    }
    // range: fires at the 3rd and 6th events; lt 5: on every event (each is a window of one).
    assertThat(sink.got.stream().filter(d -> d.rule().title().equals("range")))
        .extracting(d -> d.event().get("n")).containsExactly(2L, 5L);
    assertThat(sink.got.stream().filter(d -> d.rule().title().equals("below"))).hasSize(6);
  }

  @Test
  void detectionsCarryAtMostHundredEventsOldestFirstEndingWithTheLast() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("many", "{gte: 150}", "1h")), 100);
    for (int i = 0; i < 150; i++) {
      engine.onMatch(A, ev("host", "h", "n", (long) i), T0 + i, sink);
    }
    Detection d = sink.got.get(0);
    assertThat(d.events()).hasSize(100);
    assertThat(d.events().get(0).get("n")).isEqualTo(50L);
    assertThat(d.event().get("n")).isEqualTo(149L);
  }

  @Test
  void temporalOrderedNeedsTheRulesInOrderAndSkipsStrayEvents() {
    CorrelationRule seq = rule("title: seq\ncorrelation:\n  type: temporal_ordered\n"
        + "  rules: [rule_a, id-b, rule_c]\n  group-by: [host]\n  timespan: 10m\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(seq), 100);
    engine.onMatch(B, ev("host", "h", "n", 0L), T0, sink); // before any a: no use
    engine.onMatch(A, ev("host", "h", "n", 1L), T0 + 1, sink);
    engine.onMatch(C, ev("host", "h", "n", 2L), T0 + 2, sink); // c before b
    engine.onMatch(A, ev("host", "h", "n", 3L), T0 + 3, sink);
    assertThat(sink.got).isEmpty();
    engine.onMatch(B, ev("host", "h", "n", 4L), T0 + 4, sink);
    assertThat(sink.got).isEmpty();
    engine.onMatch(C, ev("host", "h", "n", 5L), T0 + 5, sink);
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).events()).extracting(e -> e.get("n")).containsExactly(1L, 4L, 5L);
  }

  @Test
  void temporalOrderedAcceptsASequenceCompletedByALateEarlierEvent() {
    CorrelationRule seq = rule("title: seq\ncorrelation:\n  type: temporal_ordered\n"
        + "  rules: [rule_a, rule_b]\n  group-by: []\n  timespan: 10m\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(seq), 100);
    engine.onMatch(B, ev("n", 1L), T0 + MIN, sink);
    engine.onMatch(A, ev("n", 0L), T0, sink); // arrives late but happened first
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).events()).extracting(e -> e.get("n")).containsExactly(0L, 1L);
  }

  @Test
  void temporalConditionCountsDistinctRules() {
    CorrelationRule twoOfThree = rule("title: two of three\ncorrelation:\n  type: temporal\n"
        + "  rules: [rule_a, rule_b, rule_c]\n  group-by: []\n  timespan: 10m\n"
        + "  condition: {gte: 2}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(twoOfThree), 100);
    engine.onMatch(A, ev("n", 0L), T0, sink);
    engine.onMatch(A, ev("n", 1L), T0 + 1, sink);
    assertThat(sink.got).isEmpty();
    engine.onMatch(C, ev("n", 2L), T0 + 2, sink);
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).events()).extracting(e -> e.get("n")).containsExactly(1L, 2L);
  }

  @Test
  void valueCountOverSeveralFieldsCountsTuples() {
    CorrelationRule pairs = rule("title: pairs\ncorrelation:\n  type: value_count\n"
        + "  rules: [rule_a]\n  group-by: []\n  timespan: 10m\n"
        + "  condition: {field: [user, domain], gte: 3}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(pairs), 100);
    engine.onMatch(A, ev("user", "u", "domain", "d1"), T0, sink);
    engine.onMatch(A, ev("user", "u", "domain", "d2"), T0 + 1, sink);
    engine.onMatch(A, ev("user", "u", "domain", "d1"), T0 + 2, sink);
    engine.onMatch(A, ev("user", "u"), T0 + 3, sink); // no domain: skipped
    assertThat(sink.got).isEmpty();
    engine.onMatch(A, ev("user", "v", "domain", "d1"), T0 + 4, sink);
    assertThat(sink.got).hasSize(1);
    assertThat(engine.stats().skipped()).isEqualTo(1);
  }

  @Test
  void aRuleListedByIdAndByNameCountsOnce() {
    CorrelationRule both = rule("title: both\ncorrelation:\n  type: event_count\n"
        + "  rules: [rule_a, id-a]\n  group-by: []\n  timespan: 10m\n  condition: {gte: 2}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(both), 100);
    engine.onMatch(A, ev("n", 0L), T0, sink);
    assertThat(sink.got).isEmpty();
    engine.onMatch(A, ev("n", 1L), T0 + 1, sink);
    assertThat(sink.got).hasSize(1);
  }

  @Test
  void generateTrueLetsTheReferencedRulesBeEmitted() {
    CorrelationRule gen = rule("title: gen\ncorrelation:\n  type: event_count\n"
        + "  rules: [rule_a, id-b]\n  group-by: []\n  timespan: 10m\n  condition: {gte: 2}\n"
        + "  generate: true\n");
    CorrelationRule quiet = rule("title: quiet\ncorrelation:\n  type: event_count\n"
        + "  rules: [rule_b]\n  group-by: []\n  timespan: 10m\n  condition: {gte: 2}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(gen, quiet), 100);
    assertThat(engine.generates(A)).isTrue();
    assertThat(engine.generates(B)).as("quiet references b without generate").isFalse();
    assertThat(engine.generates(C)).isTrue();
    assertThat(engine.referencedRules()).containsExactlyInAnyOrder("rule_a", "id-b", "rule_b");
  }

  @Test
  void chainsFeedDetectionsOnAndGroupByAnInnerAlias() {
    CorrelationRule inner = rule("title: inner\nname: pair\ncorrelation:\n  type: temporal\n"
        + "  rules: [rule_a, rule_b]\n  group-by: [ip]\n  timespan: 1m\n"
        + "  aliases: {ip: {rule_a: src, rule_b: dst}}\n");
    CorrelationRule outer = rule("title: outer\ncorrelation:\n  type: event_count\n"
        + "  rules: [pair]\n  group-by: [ip]\n  timespan: 1h\n  condition: {gte: 2}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(outer, inner), 100);
    for (int round = 0; round < 2; round++) {
      long t = T0 + round * 10 * MIN;
      engine.onMatch(A, ev("src", "10.0.0.9", "n", (long) round * 2), t, sink);
      engine.onMatch(B, ev("dst", "10.0.0.9", "n", (long) round * 2 + 1), t + 1000, sink);
    }
    assertThat(sink.titles()).containsExactly("outer");
    Detection d = sink.got.get(0);
    assertThat(d.groupBy()).isEqualTo(Map.of("ip", "10.0.0.9"));
    assertThat(d.events()).extracting(e -> e.get("n")).containsExactly(0L, 1L, 2L, 3L);
    assertThat(d.timestamp()).isEqualTo(T0 + 10 * MIN + 1000);
    assertThat(engine.stats().detections()).isEqualTo(3);
  }

  @Test
  void cyclesAndAmbiguousNamesAreRefused() {
    CorrelationRule x = rule("title: xx\nname: xx\ncorrelation:\n  type: event_count\n"
        + "  rules: [yy]\n  group-by: []\n  timespan: 1m\n  condition: {gte: 1}\n");
    CorrelationRule y = rule("title: yy\nname: yy\ncorrelation:\n  type: event_count\n"
        + "  rules: [xx]\n  group-by: []\n  timespan: 1m\n  condition: {gte: 1}\n");
    assertThatThrownBy(() -> new CorrelationEngine(List.of(x, y), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    assertThatThrownBy(() -> new CorrelationEngine(List.of(x, x), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'xx'");
    assertThatThrownBy(() -> new CorrelationEngine(List.of(x), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void finishReleasesEverythingAndFiresNothing() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("two", "{gte: 2}", "5m")), 100);
    engine.onMatch(A, ev("host", "h1"), T0, sink);
    engine.onMatch(A, ev("host", "h2"), T0, sink);
    assertThat(engine.stats().live()).isEqualTo(2);
    engine.finish(sink);
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().live()).isZero();
    engine.onMatch(A, ev("host", "h1"), T0 + 1, sink); // a fresh start, not a second event
    assertThat(sink.got).isEmpty();
  }

  @Test
  void expiredWindowsAreEvictedAsEventTimeAdvances() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("two", "{gte: 2}", "5m")), 100);
    for (int i = 0; i < 50; i++) {
      engine.onMatch(A, ev("host", "h" + i), T0 + i, sink);
    }
    assertThat(engine.stats().live()).isEqualTo(50);
    engine.onMatch(A, ev("host", "other"), T0 + 49 + 5 * MIN + 1, sink);
    assertThat(engine.stats().live()).isEqualTo(1);
    assertThat(engine.stats().evicted()).isEqualTo(50);
    assertThat(engine.stats().capHits()).isZero();
  }

  @Test
  void metricWindowsAreCappedAndCountTheTrim() {
    CorrelationRule sum = rule("title: sum\ncorrelation:\n  type: value_sum\n"
        + "  rules: [rule_a]\n  group-by: []\n  timespan: 1h\n"
        + "  condition: {field: bytes, gt: 1000}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(sum), 10, 10);
    for (int i = 0; i < 30; i++) {
      engine.onMatch(A, ev("bytes", 100L), T0 + i, sink); // any 10 sum to exactly 1000
    }
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().trimmed()).isEqualTo(20);
  }

  @Test
  void countWindowsAlwaysHoldWhatTheirThresholdNeeds() {
    CorrelationEngine engine =
        new CorrelationEngine(List.of(count("big", "{gt: 2000}", "1h")), 10, 10);
    for (int i = 0; i <= 2000; i++) {
      engine.onMatch(A, ev("host", "h"), T0 + i, sink);
    }
    assertThat(sink.got).hasSize(1);
    assertThat(engine.stats().trimmed()).isZero();
  }
}
