package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.patou.event.Event;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.match.Detector;
import org.patou.sigma.match.RulePlan;
import org.patou.sigma.optimise.Optimiser;
import org.patou.sigma.rule.RuleInfo;

/**
 * The compiled matcher (optimised with prefilter and routing, and plain) agrees with the
 * reference interpreter on generated rules and events. Seeded; the seed is in every failure
 * message. Override with -Dsigma.seed=N to replay one.
 */
class MatcherPropertyTest {
  static final int SEEDS = 40;
  static final int RULES = 40;
  static final int EVENTS = 150;

  @TestFactory
  Stream<DynamicTest> compiledAgreesWithInterpreter() {
    long base = Long.getLong("sigma.seed", 20261126L);
    return IntStream.range(0, SEEDS).mapToObj(i -> DynamicTest.dynamicTest("seed " + (base + i), () -> check(base + i)));
  }

  static void check(long seed) {
    ExprGenerator g = new ExprGenerator(seed);
    List<Expr> bodies = new ArrayList<>();
    List<Expr> whens = new ArrayList<>();
    for (int i = 0; i < RULES; i++) {
      bodies.add(g.expr(3));
      whens.add(g.when());
    }
    Detector optimised = build(bodies, whens, Optimiser.all(), true);
    Detector plain = build(bodies, whens, Optimiser.none(), false);
    int hits = 0;
    for (int e = 0; e < EVENTS; e++) {
      Event ev = g.event();
      Set<Integer> expected = new TreeSet<>();
      for (int i = 0; i < RULES; i++) {
        if (ReferenceInterpreter.eval(whens.get(i), ev) && ReferenceInterpreter.eval(bodies.get(i), ev)) {
          expected.add(i);
        }
      }
      String why = "seed " + seed + ", event " + e + " " + ev;
      assertThat(fired(optimised, ev)).as("optimised, " + why).isEqualTo(expected);
      assertThat(fired(plain, ev)).as("plain, " + why).isEqualTo(expected);
      hits += expected.size();
    }
    // A generator whose rules never (or always) match would prove nothing.
    assertThat(hits).as("seed " + seed + ": hits").isBetween(RULES * EVENTS / 100, RULES * EVENTS * 95 / 100);
  }

  static Detector build(List<Expr> bodies, List<Expr> whens, Optimiser o, boolean prefilter) {
    List<RulePlan> plans = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      RuleInfo info = new RuleInfo(String.valueOf(i), null, "r" + i, null, null, List.of(), Map.of(), "gen", false);
      plans.add(new RulePlan(info, true, false, List.of(new RulePlan.Variant("v", o.run(whens.get(i)), o.run(bodies.get(i))))));
    }
    return Detector.build(plans, List.of(), Set.of(), null, prefilter);
  }

  static Set<Integer> fired(Detector d, Event ev) {
    Set<Integer> out = new TreeSet<>();
    d.match(ev, det -> out.add(Integer.parseInt(det.rule().id())));
    return out;
  }
}
