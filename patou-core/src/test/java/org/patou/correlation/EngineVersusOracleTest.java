package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.ev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.NullValue;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/**
 * Seeded property test: random correlation rules on random, partly out-of-order streams, the engine
 * against {@link Oracle}, which recomputes every window from scratch. A failure prints the seed;
 * rerun one with {@code -Dcorrelation.seed=<seed>}.
 */
class EngineVersusOracleTest {
  private static final int CASES = 1_000;
  static final RuleInfo[] BASES = {
    TestSupport.base("id-a", "rule_a"),
    TestSupport.base("id-b", "rule_b"),
    TestSupport.base("id-c", "rule_c"),
    TestSupport.base("id-z", "unreferenced")
  };

  @Test
  void engineMatchesTheBruteForceOracle() {
    String only = System.getProperty("correlation.seed");
    long first = only != null ? Long.parseLong(only) : 20261126L;
    int cases = only != null ? 1 : CASES;
    int fired = 0;
    for (long seed = first; seed < first + cases; seed++) {
      fired += runCase(seed);
    }
    // The generator must exercise firing, not only silence.
    assertThat(fired).as("detections over all cases").isGreaterThan(CASES);
  }

  private int runCase(long seed) {
    Random rnd = new Random(seed);
    Map<String, Object> doc = randomRule(rnd);
    CorrelationRule rule;
    try {
      rule = CorrelationRule.parse(doc, "seed-" + seed, 1);
    } catch (CorrelationRuleException e) {
      throw new AssertionError("seed " + seed + ": generated rule refused: " + e.getMessage(), e);
    }
    // A second correlation referencing every base rule keeps the engine's clock moving on every
    // event, as the oracle assumes; it never fires.
    CorrelationRule ticker = TestSupport.rule("title: ticker\ncorrelation:\n  type: event_count\n"
        + "  rules: [id-a, id-b, id-c]\n  group-by: []\n  timespan: 1d\n"
        + "  condition: {gte: 1000000}\n");
    CorrelationEngine engine = new CorrelationEngine(List.of(rule, ticker), 100_000);
    Oracle oracle = new Oracle(rule);
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    List<String> trace = new ArrayList<>();
    long clock = T0;
    int length = 20 + rnd.nextInt(180);
    for (int i = 0; i < length; i++) {
      clock += rnd.nextInt(3_000);
      long time = clock;
      if (rnd.nextInt(100) < 15) {
        time -= rnd.nextInt((int) (rule.timespan().millis() * 3 / 2) + 1); // out of order
      } else if (rnd.nextInt(100) == 0) {
        time = Long.MIN_VALUE;
      }
      RuleInfo base = BASES[rnd.nextInt(BASES.length)];
      Event event = randomEvent(rnd, i);
      trace.add(base.name() + " t=" + (time == Long.MIN_VALUE ? "none" : time - T0) + " " + event);
      Oracle.Fired want = oracle.onMatch(base, event, time, !base.name().equals("unreferenced"));
      if (want != null) {
        expected.add(want.line());
      }
      engine.onMatch(base, event, time, d -> actual.add(line(d)));
    }
    if (!actual.equals(expected)) {
      throw new AssertionError("seed " + seed + " (rerun with -Dcorrelation.seed=" + seed + ")\n"
          + "rule: " + rule + "\nexpected: " + expected + "\nactual:   " + actual
          + "\nstream:\n  " + String.join("\n  ", trace));
    }
    assertThat(engine.stats().trimmed()).as("seed %d: no trimming expected", seed).isZero();
    return actual.size();
  }

  private static String line(Detection d) {
    return Oracle.line(d.rule().title(), d.timestamp(), d.groupBy(), d.event());
  }

  static Map<String, Object> randomRule(Random rnd) {
    CorrelationType type = CorrelationType.values()[rnd.nextInt(CorrelationType.values().length)];
    List<String> rules = new ArrayList<>(List.of("a", "b", "c"));
    java.util.Collections.shuffle(rules, rnd);
    int count = type.isTemporal() ? 2 + rnd.nextInt(2) : 1 + rnd.nextInt(3);
    List<String> refs = new ArrayList<>();
    for (String r : rules.subList(0, count)) {
      refs.add(rnd.nextBoolean() ? "rule_" + r : "id-" + r); // by name or by id
    }
    Map<String, Object> correlation = new LinkedHashMap<>();
    correlation.put("type", type.label());
    correlation.put("rules", refs);
    switch (rnd.nextInt(4)) {
      case 0:
        correlation.put("group-by", List.of());
        break;
      case 1:
        correlation.put("group-by", List.of("host"));
        break;
      case 2:
        correlation.put("group-by", List.of("host", "user"));
        break;
      default:
        correlation.put("group-by", List.of("ip"));
        correlation.put("aliases", Map.of("ip", Map.of("rule_a", "src", "id-b", "dst")));
        break;
    }
    correlation.put("timespan", (5 + rnd.nextInt(60)) + "s");
    Map<String, Object> condition = new LinkedHashMap<>();
    String[] ops = {"gt", "gte", "lt", "lte", "eq", "neq"};
    boolean metric = type.isMetric();
    if (type.isTemporal() && rnd.nextInt(3) == 0) {
      condition = null; // the default: all rules
    } else if (type == CorrelationType.VALUE_PERCENTILE) {
      condition.put(rnd.nextBoolean() ? "lte" : ops[rnd.nextInt(ops.length)], 10 + rnd.nextInt(60));
    } else if (rnd.nextInt(4) == 0) {
      int low = rnd.nextInt(4);
      condition.put("gt", low);
      condition.put("lte", low + 1 + rnd.nextInt(3));
    } else {
      String op = rnd.nextInt(3) == 0 ? ops[rnd.nextInt(ops.length)] : (rnd.nextBoolean() ? "gte" : "gt");
      Object threshold;
      if (metric) {
        threshold = rnd.nextInt(25) + (rnd.nextBoolean() ? 0.5 : 0.0);
      } else {
        threshold = 1 + rnd.nextInt(5);
      }
      condition.put(op, threshold);
    }
    if (condition != null) {
      if (type == CorrelationType.VALUE_COUNT && rnd.nextInt(3) == 0) {
        condition.put("field", List.of("val", "user"));
      } else if (type.needsField()) {
        condition.put("field", "val");
      }
      correlation.put("condition", condition);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", "random " + type.label());
    doc.put("correlation", correlation);
    return doc;
  }

  static Event randomEvent(Random rnd, int seq) {
    List<Object> kv = new ArrayList<>();
    kv.add("seq");
    kv.add((long) seq);
    int h = rnd.nextInt(10);
    if (h > 0) {
      kv.add("host");
      kv.add(h < 5 ? "h1" : h < 9 ? "h2" : NullValue.NULL);
    }
    kv.add("user");
    kv.add(rnd.nextBoolean() ? "u1" : "u2");
    kv.add("src");
    kv.add(rnd.nextBoolean() ? "10.0.0.1" : "10.0.0.2");
    kv.add("dst");
    kv.add(rnd.nextBoolean() ? "10.0.0.1" : "10.0.0.2");
    int v = rnd.nextInt(12);
    if (v < 8) {
      kv.add("val");
      kv.add((long) v);
    } else if (v < 10) {
      kv.add("val");
      kv.add(String.valueOf(v - 8)); // numeric text: same value as the number
    } else if (v == 10) {
      kv.add("val");
      kv.add("x");
    }
    return ev(kv.toArray());
  }
}
