package org.patou.sigma;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.patou.event.Event;
import org.patou.sigma.match.CorrelationSink;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/**
 * THE SEAM to {@code org.patou.correlation}. The Sigma side (this package) reads correlation
 * documents and feeds base-rule matches; the correlation package parses and evaluates them. Until
 * the two are wired, {@link #NONE} records correlation documents as unsupported.
 *
 * <p>Wiring (the lead's one change, in {@link SigmaLoader#DEFAULT_CORRELATION}):
 *
 * <pre>{@code
 * CorrelationHook hook = new CorrelationHook() {
 *   public Object parse(Map<String, Object> doc, String file, int line) {
 *     try { return CorrelationRule.parse(doc, file, line); }
 *     catch (CorrelationRuleException e) { throw new IllegalArgumentException(e.getMessage(), e); }
 *   }
 *   public Runtime start(List<Object> rules, int maxStates) {
 *     CorrelationEngine eng = new CorrelationEngine(rules.stream().map(CorrelationRule.class::cast).toList(), maxStates);
 *     return new Runtime() {  // delegate onMatch, finish, referencedRules, generates, counters
 *     };
 *   }
 * };
 * }</pre>
 */
public interface CorrelationHook {

  /**
   * Parses one correlation document (plain maps/lists/scalars as YAML gave them). Returns the
   * parsed rule, opaque to this side.
   *
   * @throws IllegalArgumentException with a message when the document is not a valid correlation
   * @throws UnsupportedOperationException when no correlation engine is wired
   */
  Object parse(Map<String, Object> doc, String file, int line);

  /** A fresh evaluation state for these parsed rules (one per detector copy). */
  Runtime start(List<Object> rules, int maxStates);

  /** Correlation state of one detector. Not thread-safe, like the detector. */
  interface Runtime extends CorrelationSink {
    /** A base rule fired on an event at event time {@code ts} (epoch ms). */
    @Override
    void onMatch(RuleInfo base, Event e, long ts, Consumer<Detection> out);

    /** End of stream: flush what is pending. */
    @Override
    void finish(Consumer<Detection> out);

    /** Ids and names of the base rules some correlation refers to. */
    Set<String> referencedRules();

    /** Whether a referenced base rule's own matches are emitted ({@code generate: true}). */
    boolean generates(RuleInfo base);

    /** Counters (evictions, cap hits...) for {@link org.patou.sigma.match.Stats}. */
    @Override
    Map<String, Long> counters();
  }

  /** No correlation engine: correlation documents are reported as unsupported. */
  CorrelationHook NONE =
      new CorrelationHook() {
        @Override
        public Object parse(Map<String, Object> doc, String file, int line) {
          throw new UnsupportedOperationException(
              "correlation rules need org.patou.correlation, which is not wired yet");
        }

        @Override
        public Runtime start(List<Object> rules, int maxStates) {
          return null;
        }
      };
}
