package org.patou.sigma.match;

import java.util.Map;
import java.util.function.Consumer;
import org.patou.event.Event;
import org.patou.sigma.rule.RuleInfo;

/**
 * Where a detector sends the matches of rules that correlations use. Implemented (through {@link
 * org.patou.sigma.CorrelationHook.Runtime}) by the correlation engine. Not thread-safe.
 */
public interface CorrelationSink {
  void onMatch(RuleInfo base, Event e, long ts, Consumer<Detection> out);

  void finish(Consumer<Detection> out);

  Map<String, Long> counters();
}
