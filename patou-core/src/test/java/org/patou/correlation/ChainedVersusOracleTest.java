package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.T0;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.sigma.rule.RuleInfo;

/**
 * Seeded property test of chains: a random inner correlation feeds an outer one that also reads
 * base rule c, against two {@link Oracle}s wired the way the package documents chaining (the inner
 * detection's newest event with its group-by values laid over it, at the detection's time). A
 * failure prints the seed; rerun one with {@code -Dcorrelation.seed=<seed>}.
 */
class ChainedVersusOracleTest {
  private static final int CASES = 500;

  @Test
  void chainsMatchTheBruteForceOracles() {
    String only = System.getProperty("correlation.seed");
    long first = only != null ? Long.parseLong(only) : 7_000_000L;
    int cases = only != null ? 1 : CASES;
    int fired = 0;
    for (long seed = first; seed < first + cases; seed++) {
      fired += runCase(seed);
    }
    assertThat(fired).as("outer detections over all cases").isGreaterThan(CASES / 4);
  }

  private int runCase(long seed) {
    Random rnd = new Random(seed);
    Map<String, Object> innerDoc = EngineVersusOracleTest.randomRule(rnd);
    innerDoc.put("name", "inner_rule");
    @SuppressWarnings("unchecked")
    Map<String, Object> innerCorrelation = (Map<String, Object>) innerDoc.get("correlation");
    boolean generate = rnd.nextBoolean();
    Map<String, Object> outerDoc = outerRule(rnd, innerCorrelation, generate);
    CorrelationRule inner;
    CorrelationRule outer;
    try {
      inner = CorrelationRule.parse(innerDoc, "seed-" + seed, 1);
      outer = CorrelationRule.parse(outerDoc, "seed-" + seed, 2);
    } catch (CorrelationRuleException e) {
      throw new AssertionError("seed " + seed + ": generated rule refused: " + e.getMessage(), e);
    }
    CorrelationRule ticker = TestSupport.rule("title: ticker\ncorrelation:\n  type: event_count\n"
        + "  rules: [id-a, id-b, id-c]\n  group-by: []\n  timespan: 1d\n"
        + "  condition: {gte: 1000000}\n");
    // The inner rule first: the engine feeds a base event to correlations in list order.
    CorrelationEngine engine = new CorrelationEngine(List.of(inner, outer, ticker), 100_000);
    Oracle innerOracle = new Oracle(inner);
    Oracle outerOracle = new Oracle(outer);
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    long clock = T0;
    int length = 30 + rnd.nextInt(250);
    for (int i = 0; i < length; i++) {
      clock += rnd.nextInt(2_000);
      long time = clock;
      if (rnd.nextInt(100) < 10) {
        time -= rnd.nextInt((int) (inner.timespan().millis()) + 1);
      }
      RuleInfo base = EngineVersusOracleTest.BASES[rnd.nextInt(3)]; // referenced ones only
      Event event = EngineVersusOracleTest.randomEvent(rnd, i);
      outerOracle.advance(time);
      Oracle.Fired in = innerOracle.onMatch(base, event, time, true);
      if (in != null) {
        if (generate) {
          expected.add(in.line());
        }
        Oracle.Fired out = outerOracle.onMatch(inner.info(), overlay(in), in.time(), true);
        if (out != null) {
          expected.add(out.line());
        }
      }
      Oracle.Fired out = outerOracle.onMatch(base, event, time, true);
      if (out != null) {
        expected.add(out.line());
      }
      engine.onMatch(base, event, time,
          d -> actual.add(Oracle.line(d.rule().title(), d.timestamp(), d.groupBy(), d.event())));
    }
    if (!actual.equals(expected)) {
      throw new AssertionError("seed " + seed + " (rerun with -Dcorrelation.seed=" + seed + ")\n"
          + "inner: " + inner + "\nouter: " + outer + "\nexpected: " + expected
          + "\nactual:   " + actual);
    }
    return (int) actual.stream().filter(l -> l.startsWith("outer")).count();
  }

  /** The event the oracle hands on: the inner detection's newest event plus its group values. */
  private static Event overlay(Oracle.Fired fired) {
    EventBuilder b = new EventBuilder();
    fired.last().forEach(b::add);
    fired.groupBy().forEach(b::add); // a repeated name keeps the last value
    return b.build();
  }

  private static Map<String, Object> outerRule(
      Random rnd, Map<String, Object> innerCorrelation, boolean generate) {
    String[] types = {"event_count", "temporal", "temporal_ordered"};
    String type = types[rnd.nextInt(types.length)];
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("rules", rnd.nextBoolean() ? List.of("inner_rule", "rule_c") : List.of("rule_c",
        "inner_rule"));
    Object groupBy = innerCorrelation.get("group-by");
    c.put("group-by", groupBy); // the inner rule's names, present on the handed-on event
    if (groupBy.equals(List.of("ip"))) {
      c.put("aliases", Map.of("ip", Map.of("rule_c", "src")));
    }
    c.put("timespan", (10 + rnd.nextInt(120)) + "s");
    if (type.equals("event_count")) {
      c.put("condition", Map.of("gte", 1 + rnd.nextInt(4)));
    }
    c.put("generate", generate);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", "outer " + type);
    doc.put("correlation", c);
    return doc;
  }
}
