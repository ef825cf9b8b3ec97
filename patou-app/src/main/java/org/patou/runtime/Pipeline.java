package org.patou.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.acquire.IngestSink;
import org.patou.acquire.SourceMetrics;
import org.patou.store.Checkpoint;
import org.patou.store.EventStore;
import org.patou.store.Wal;
import org.patou.store.WalRecord;

/**
 * The live path's wiring: sources → WAL → bounded queue → one pipeline thread ({@code
 * patou-pipeline}) running {@link EventProcessor} → Lucene and H2.
 *
 * <p>Backpressure: {@code capacity} permits bound the records written but not yet processed; a
 * source reserves before writing (blocking for TCP, try for HTTP and UDP). The queue has the same
 * capacity, so it can never grow past it and an add never fails.
 *
 * <p>Durability: records are appended to the WAL and queued under one lock, so the queue is in
 * sequence order; every {@code commitMs} the pipeline thread hands a commit to the {@code
 * patou-commit} thread, which commits Lucene, then writes the checkpoint (the last sequence
 * processed before the commit began) and deletes WAL segments below it, while the pipeline goes on
 * detecting: a Lucene commit takes hundreds of milliseconds under load, and running it on the
 * pipeline thread held every event (and its alert) back that long. At most one commit is in
 * flight. The WAL is fsynced at the same pace for UDP records. {@link #replay()} (at start, before any source) processes
 * what the WAL holds after the checkpoint.
 */
public final class Pipeline implements IngestSink, Closeable {
  private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

  private final Wal wal;
  private final Checkpoint checkpoint;
  private final EventStore store;
  private final EventProcessor processor;
  private final int capacity;
  private final long commitMs;
  private final Semaphore room;
  private final ArrayBlockingQueue<WalRecord> queue;
  private final Object appendLock = new Object();
  private final Map<String, SourceMetrics> metrics = new ConcurrentHashMap<>();
  private final LongAdder processed = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private volatile long lastProcessed;
  private volatile long lastCommitted;
  private volatile boolean stopping;
  private Thread thread;
  private final java.util.concurrent.ExecutorService committer =
      java.util.concurrent.Executors.newSingleThreadExecutor(NamedThreads.single("patou-commit", true));
  /** The commit in flight (null: none); only the pipeline thread reads and writes it. */
  private java.util.concurrent.Future<?> inFlight;

  public Pipeline(Wal wal, Checkpoint checkpoint, EventStore store,
      java.util.function.Function<java.util.function.Function<String, SourceMetrics>, EventProcessor> processor,
      int capacity, long commitMs) throws IOException {
    this.wal = wal;
    this.checkpoint = checkpoint;
    this.store = store;
    this.processor = processor.apply(this::metrics);
    this.capacity = capacity;
    this.commitMs = commitMs;
    this.room = new Semaphore(capacity);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.lastCommitted = checkpoint.read();
    this.lastProcessed = lastCommitted;
    wal.skipTo(lastCommitted);
  }

  /** Processes the WAL records after the checkpoint, then commits. Call before {@link #start()}. */
  public long replay() throws IOException {
    long[] n = {0};
    wal.replay(lastCommitted, r -> {
      try {
        processor.process(r);
      } catch (IOException | RuntimeException e) {
        failures.increment();
        LOG.log(Level.WARNING, "replay of record " + r.seq() + " failed", e);
      }
      lastProcessed = r.seq();
      n[0]++;
    });
    commit();
    return n[0];
  }

  public void start() {
    thread = NamedThreads.single("patou-pipeline", false).newThread(this::loop);
    thread.start();
  }

  private void loop() {
    List<WalRecord> batch = new ArrayList<>(512);
    long nextCommit = System.currentTimeMillis() + commitMs;
    while (true) {
      try {
        // While a commit is in flight, wake up often enough to tell the processor soon after it
        // ends (its observers write at each commit), not only at the next commit's deadline.
        long wait = Math.max(1, nextCommit - System.currentTimeMillis());
        WalRecord first = queue.poll(inFlight != null ? Math.min(wait, 20) : wait, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 511);
          for (WalRecord r : batch) {
            try {
              processor.process(r);
            } catch (IOException | RuntimeException e) {
              failures.increment();
              LOG.log(Level.WARNING, "record " + r.seq() + " failed (counted in patou_pipeline_failures_total)", e);
            }
            lastProcessed = r.seq();
            processed.increment();
          }
          room.release(batch.size());
          batch.clear();
        }
        if (inFlight != null && inFlight.isDone()) {
          finish();
        }
        if (inFlight == null && System.currentTimeMillis() >= nextCommit) {
          long upTo = lastProcessed;
          inFlight = committer.submit(() -> {
            commitUpTo(upTo);
            return null;
          });
          nextCommit = System.currentTimeMillis() + commitMs;
        }
        if (stopping && queue.isEmpty()) {
          if (inFlight != null) {
            finish();
          }
          commit();
          committer.shutdown();
          return;
        }
      } catch (InterruptedException e) {
        stopping = true;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "pipeline commit failed; retrying", e);
      }
    }
  }

  /** Waits for the commit in flight and tells the processor (on the pipeline thread). */
  private void finish() throws IOException {
    java.util.concurrent.Future<?> f = inFlight;
    inFlight = null;
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      return;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("commit failed", e.getCause());
    }
    processor.committed();
  }

  /** A commit on the calling thread (replay, stop). */
  private void commit() throws IOException {
    if (commitUpTo(lastProcessed)) {
      processor.committed();
    }
  }

  /**
   * Makes everything processed up to {@code upTo} durable in the store, then moves the checkpoint.
   * Records processed while the store commits may be in it too; the next commit covers them.
   */
  private boolean commitUpTo(long upTo) throws IOException {
    wal.sync(wal.lastSeq()); // UDP records: at most commitMs old on disk
    if (upTo == lastCommitted) {
      return false;
    }
    store.commit();
    checkpoint.write(upTo);
    lastCommitted = upTo;
    wal.deleteUpTo(upTo);
    return true;
  }

  @Override
  public boolean tryReserve(int n) {
    return n <= capacity && room.tryAcquire(n);
  }

  @Override
  public void reserve(int n) throws InterruptedException {
    if (n > capacity) {
      throw new IllegalArgumentException("batch of " + n + " over capacity " + capacity);
    }
    room.acquire(n);
  }

  @Override
  public void release(int n) {
    room.release(n);
  }

  @Override
  public long submit(List<Wal.Entry> entries, boolean sync) throws IOException {
    if (stopping) {
      throw new IOException("server stopping");
    }
    long last;
    synchronized (appendLock) {
      last = wal.append(entries);
      long seq = last - entries.size();
      for (Wal.Entry e : entries) {
        queue.add(new WalRecord(++seq, e.kind(), e.receivedAt(), e.source(), e.payload()));
      }
    }
    if (sync) {
      wal.sync(last);
    }
    return last;
  }

  @Override
  public SourceMetrics metrics(String source) {
    return metrics.computeIfAbsent(source, SourceMetrics::new);
  }

  public Map<String, SourceMetrics> allMetrics() {
    return Map.copyOf(metrics);
  }

  public int queued() {
    return queue.size();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  public long processed() {
    return processed.sum();
  }

  public long failures() {
    return failures.sum();
  }

  public long lastProcessed() {
    return lastProcessed;
  }

  public long lastCommitted() {
    return lastCommitted;
  }

  public long alertsRaised() {
    return processor.alertsRaised;
  }

  /** Waits until every record written so far is processed (tests, shutdown). */
  public boolean awaitIdle(long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (lastProcessed < wal.lastSeq() && System.currentTimeMillis() < end) {
      Thread.sleep(5);
    }
    return lastProcessed >= wal.lastSeq();
  }

  /** Processes what is queued, commits, stops the thread. Sources must be closed first. */
  @Override
  public void close() throws IOException {
    stopping = true;
    if (thread != null) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    committer.shutdown();
  }
}
