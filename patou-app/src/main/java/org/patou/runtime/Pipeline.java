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
 * sequence order; every {@code commitMs} a commit thread ({@code patou-commit}) commits Lucene up to
 * the last record processed so far, then writes the checkpoint (that sequence) and deletes WAL
 * segments below it. It also fsyncs the WAL at the same pace for UDP records. The pipeline thread
 * goes on processing meanwhile (a commit's fsyncs can take a second on a busy disk, and what
 * follows each event, the alerts and the live decisions, must not wait for them); events it adds
 * during a commit may land in it too, which is harmless: adding an event is idempotent, so a
 * replay after a crash just replaces them. {@link EventProcessor#committed()} runs on the pipeline
 * thread after each commit. {@link #replay()} (at start, before any source) processes
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
  private java.util.concurrent.Future<?> commitInFlight;
  private volatile boolean committedSinceLook;

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
        WalRecord first = queue.poll(Math.max(1, nextCommit - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
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
        if (committedSinceLook) {
          committedSinceLook = false;
          processor.committed();
        }
        if (System.currentTimeMillis() >= nextCommit) {
          if (commitInFlight == null || commitInFlight.isDone()) {
            long upTo = lastProcessed;
            commitInFlight = committer.submit(() -> commitInBackground(upTo));
            nextCommit = System.currentTimeMillis() + commitMs;
          } else {
            nextCommit = System.currentTimeMillis() + 10; // the previous one is still running
          }
        }
        if (stopping && queue.isEmpty()) {
          awaitCommitInFlight();
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

  private void commitInBackground(long upTo) {
    try {
      commitUpTo(upTo);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "pipeline commit failed; retrying at the next one", e);
    }
  }

  private void awaitCommitInFlight() {
    if (commitInFlight == null) {
      return;
    }
    try {
      commitInFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.log(Level.SEVERE, "pipeline commit failed", e.getCause());
    }
  }

  /** Commits up to the last processed record, on the calling thread (replay and stop). */
  private void commit() throws IOException {
    commitUpTo(lastProcessed);
    if (committedSinceLook) {
      committedSinceLook = false;
      processor.committed();
    }
  }

  private void commitUpTo(long upTo) throws IOException {
    wal.sync(wal.lastSeq()); // UDP records: at most commitMs old on disk
    if (upTo == lastCommitted) {
      return;
    }
    store.commit();
    checkpoint.write(upTo);
    lastCommitted = upTo;
    wal.deleteUpTo(upTo);
    committedSinceLook = true;
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
  }
}
