package org.patou.hunt;

import java.util.function.Consumer;
import org.patou.event.Event;
import org.patou.sigma.match.Detection;

/**
 * What the hunt needs from a compiled rule set: the app's view of patou-core's {@code Detector}.
 * Not thread-safe: one instance per worker, made with {@link #copy()}.
 */
public interface Matcher {

  /** Matches one event, handing every detection it completes to {@code out}. */
  void match(Event event, Consumer<Detection> out);

  /** End of input: flushes what pending state (correlations) can still produce. */
  void finish(Consumer<Detection> out);

  /** A fresh matcher over the same compiled rules, with empty state, for another thread. */
  Matcher copy();

  /**
   * Forgets state carried between events (correlation), as a fresh {@link #copy()} would, keeping
   * what is costly to allocate. Matchers without such state need do nothing.
   */
  default void reset() {}

  /** The event's time in epoch milliseconds, or {@link Long#MIN_VALUE} when it has none. */
  long timestampOf(Event event);

  /** False when no loaded rule can match an event of this EVTX channel (the file can be skipped). */
  boolean mayMatch(String channel);
}
