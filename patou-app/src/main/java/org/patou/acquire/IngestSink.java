package org.patou.acquire;

import java.io.IOException;
import java.util.List;
import org.patou.store.Wal;

/**
 * Where sources put what they receive (implemented by {@code org.patou.runtime.Pipeline}).
 *
 * <p>Contract: a source first reserves room for n records ({@link #tryReserve} for sources that can
 * answer "busy" or drop, {@link #reserve} for those that block the sender), then {@link #submit}s
 * at most n entries and {@link #release}s the unused part. Room is bounded: this is where
 * backpressure comes from. After {@code submit(.., true)} returns, the entries are on disk and the
 * source may acknowledge them. The sink owns the queue; sources never close it.
 */
public interface IngestSink {
  boolean tryReserve(int n);

  /** Waits for room. */
  void reserve(int n) throws InterruptedException;

  void release(int n);

  /**
   * Writes to the WAL and queues for parsing, detection and storage; with {@code sync}, returns
   * once the entries are durable. Returns the sequence number (event id) of the last entry; the
   * entries have consecutive numbers.
   */
  long submit(List<Wal.Entry> entries, boolean sync) throws IOException;

  /** The most records that may wait; a batch must not be larger. */
  int capacity();

  /** The counters for a source name (created on first use). */
  SourceMetrics metrics(String source);
}
