package org.patou.runtime;

import org.patou.event.Event;

/**
 * Sees every event the server stored, after detection, on the pipeline thread: live scenarios
 * (decisions), the egress view and inventory discovery plug in here, beside the Sigma detector,
 * so the data still flows one way. Events replayed from the write-ahead log at start-up come
 * through too (an observer that must not act twice on them checks {@code receivedAt}).
 * Implementations must not block for long: they hold up the pipeline. Not called concurrently.
 */
public interface EventObserver {
  /**
   * @param id the event's id in the store (the WAL sequence number)
   * @param event the parsed event (ECS fields, original fields kept)
   * @param timestamp the event's own time, epoch ms (receipt time when it has none)
   * @param receivedAt when the server received it, epoch ms
   * @param source the source that received it (e.g. {@code syslog-tcp})
   */
  void event(String id, Event event, long timestamp, long receivedAt, String source);

  /** Called at each commit of the event store, on the pipeline thread: flush what was batched. */
  default void committed() {}
}
