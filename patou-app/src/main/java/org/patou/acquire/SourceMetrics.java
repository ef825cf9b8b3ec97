package org.patou.acquire;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one source, exported on {@code /metrics} and {@code /api/v1/sources}. Thread-safe.
 * received = records taken in (written to the WAL); rejected = refused with an answer to the sender
 * (too large, invalid JSON item, over the rate or the queue: HTTP 4xx/429, TCP line over the limit);
 * dropped = lost without an answer (UDP only: queue full or over the rate); parsed = understood by a
 * parser; raw = stored unparsed.
 */
public final class SourceMetrics {
  public final String name;
  public final LongAdder received = new LongAdder();
  public final LongAdder rejected = new LongAdder();
  public final LongAdder dropped = new LongAdder();
  public final LongAdder parsed = new LongAdder();
  public final LongAdder raw = new LongAdder();
  public final LongAdder bytes = new LongAdder();

  public SourceMetrics(String name) {
    this.name = name;
  }
}
