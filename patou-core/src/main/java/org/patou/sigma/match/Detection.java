package org.patou.sigma.match;

import java.util.List;
import java.util.Map;
import org.patou.event.Event;
import org.patou.sigma.rule.RuleInfo;

/**
 * A rule fired. Filled by the detector (the detect stage); read by decide, store and output.
 *
 * @param rule the rule that fired
 * @param timestamp event time in epoch milliseconds (from the event; for a correlation, the time of
 *     the event that completed it), or {@link Long#MIN_VALUE} when the event carries no time
 * @param events the matched event, or for a correlation rule the events that made it fire (bounded;
 *     oldest first)
 * @param groupBy for a correlation rule, the group-by field values; empty otherwise
 */
public record Detection(RuleInfo rule, long timestamp, List<Event> events, Map<String, Object> groupBy) {

  /** The event that fired the rule (for a correlation, the last one). */
  public Event event() {
    return events.get(events.size() - 1);
  }
}
