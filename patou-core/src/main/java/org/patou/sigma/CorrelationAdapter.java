package org.patou.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.patou.correlation.CorrelationEngine;
import org.patou.correlation.CorrelationRule;
import org.patou.correlation.CorrelationRuleException;
import org.patou.event.Event;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/**
 * The {@link CorrelationHook} backed by {@code org.patou.correlation}: parses with {@link
 * CorrelationRule#parse} and evaluates with one {@link CorrelationEngine} per detector copy. Wire it
 * by setting {@link SigmaLoader#DEFAULT_CORRELATION} to {@link #INSTANCE}, or pass it to the
 * three-argument {@link SigmaLoader} constructor.
 */
public final class CorrelationAdapter implements CorrelationHook {
  public static final CorrelationHook INSTANCE = new CorrelationAdapter();

  private CorrelationAdapter() {}

  @Override
  public Object parse(Map<String, Object> doc, String file, int line) {
    try {
      return CorrelationRule.parse(doc, file, line);
    } catch (CorrelationRuleException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public Runtime start(List<Object> rules, int maxStates) {
    List<CorrelationRule> typed = new ArrayList<>();
    for (Object r : rules) {
      typed.add((CorrelationRule) r);
    }
    CorrelationEngine engine = new CorrelationEngine(typed, maxStates);
    return new Runtime() {
      @Override
      public void onMatch(RuleInfo base, Event e, long ts, Consumer<Detection> out) {
        engine.onMatch(base, e, ts, out);
      }

      @Override
      public void finish(Consumer<Detection> out) {
        engine.finish(out);
      }

      @Override
      public Set<String> referencedRules() {
        return engine.referencedRules();
      }

      @Override
      public boolean generates(RuleInfo base) {
        return engine.generates(base);
      }

      @Override
      public Map<String, Long> counters() {
        CorrelationEngine.Stats s = engine.stats();
        return Map.of(
            "live", (long) s.live(),
            "evictions", s.evicted(),
            "capHits", s.capHits(),
            "detections", s.detections(),
            "late", s.late(),
            "skipped", s.skipped(),
            "trimmed", s.trimmed());
      }
    };
  }
}
