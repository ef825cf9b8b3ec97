package org.patou.prevent;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.respond.DecisionStore;
import org.patou.respond.Enforcer;
import org.patou.respond.NftablesEnforcer;

/**
 * Applies live decisions off the pipeline thread, on its own thread {@code patou-enforce}: an
 * {@code nft -f} batch or a hook may block for milliseconds to seconds, and the pipeline must not
 * wait for it. Each wake-up takes every decision queued so far and applies them in one batch per
 * enforcer (one nft transaction); then a second thread ({@code patou-decision-store}) persists
 * them, so that the next nft batch never waits for the disk. The decision store ({@code
 * DATA/patou.mv.db}, shared with {@code patou decisions} and the inventory) is opened for each batch
 * and closed again, so the commands keep working while the server runs; when it is busy the batch
 * waits for the next wake-up.
 *
 * <p>Expiry: nftables elements carry their own timeout; hooks are told ({@code PATOU_ACTION=delete})
 * when a decision this server knows of runs out, checked every {@code tickMs}.
 */
public final class Enforcement implements Closeable {
  private static final Logger LOG = Logger.getLogger(Enforcement.class.getName());
  /** Decisions and refusals kept for a store that stays busy, at most (the oldest go first). */
  static final int MAX_UNSAVED = 100_000;

  /** An attempt the allowlist stopped, to record. */
  record Refusal(Instant at, Scope scope, String value, String scenario, String entry) {}

  private final Path dataDir;
  private final List<Enforcer> enforcers;
  private final long tickMs;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  /** What the store thread is to persist (decisions once applied, refusals). */
  private final LinkedBlockingQueue<Object> toStore = new LinkedBlockingQueue<>();
  private final PriorityQueue<Decision> active = new PriorityQueue<>(Comparator.comparing(Decision::until));
  private final java.util.ArrayDeque<Decision> unsavedDecisions = new java.util.ArrayDeque<>();
  private final java.util.ArrayDeque<Refusal> unsavedRefusals = new java.util.ArrayDeque<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private static final Object STOP = new Object();
  private volatile boolean stopping;
  private Thread thread;
  private Thread storeThread;

  /**
   * @param dataDir where {@code patou.mv.db} is
   * @param enforcers what applies decisions (empty: record only)
   * @param tickMs how often expiry is checked and a busy store retried
   */
  public Enforcement(Path dataDir, List<Enforcer> enforcers, long tickMs) {
    this.dataDir = dataDir;
    this.enforcers = List.copyOf(enforcers);
    this.tickMs = tickMs;
  }

  /** Rebuilds every enforcer's state from these persisted decisions (on start, before the thread). */
  void reconcile(List<Decision> activeNow, Instant now) {
    for (Enforcer e : enforcers) {
      try {
        e.reconcile(activeNow, now);
      } catch (IOException | RuntimeException ex) {
        failures.incrementAndGet();
        LOG.log(Level.SEVERE, "reconciling " + e.getClass().getSimpleName() + " failed: " + ex.getMessage(), ex);
      }
    }
    for (Decision d : activeNow) {
      if (!d.dryRun()) {
        active.add(d);
      }
    }
  }

  void start() {
    thread = org.patou.runtime.NamedThreads.single("patou-enforce", true).newThread(this::loop);
    thread.start();
    storeThread = org.patou.runtime.NamedThreads.single("patou-decision-store", true).newThread(this::storeLoop);
    storeThread.start();
  }

  /** Queues a decision (pipeline thread); it is applied and stored by the enforcement thread. */
  void submit(Decision d) {
    submitted.incrementAndGet();
    queue.add(d);
  }

  /** Decisions made by hand through the API and stored already: applied, not stored again. */
  private record Apply(List<Decision> decisions) {}

  /** Decisions lifted by hand through the API (already deleted from the store). */
  private record Lift(List<Decision> decisions) {}

  /** Queues decisions stored already (made through the API) to apply. Any thread. */
  public void applyStored(List<Decision> ds) {
    submitted.incrementAndGet();
    queue.add(new Apply(List.copyOf(ds)));
  }

  /** Queues decisions lifted before their time (deleted through the API) to remove. Any thread. */
  public void lift(List<Decision> ds) {
    submitted.incrementAndGet();
    queue.add(new Lift(List.copyOf(ds)));
  }

  /** Queues an allowlist refusal to record. */
  void refused(Refusal r) {
    submitted.incrementAndGet();
    toStore.add(r);
  }

  private void loop() {
    List<Object> batch = new ArrayList<>();
    while (true) {
      try {
        Object first = queue.poll(tickMs, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch);
        }
        boolean stop = batch.remove(STOP);
        handle(batch);
        batch.clear();
        if (stop || (stopping && queue.isEmpty())) {
          toStore.add(STOP);
          return;
        }
      } catch (InterruptedException e) {
        stopping = true;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "enforcement failed; going on", e);
        handled.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  /**
   * The store's own thread: opening, writing and closing the H2 file takes from milliseconds to
   * a second on a busy disk, and the next nft batch must not wait for it.
   */
  private void storeLoop() {
    List<Object> batch = new ArrayList<>();
    while (true) {
      try {
        Object first = toStore.poll(tickMs, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          toStore.drainTo(batch);
        }
        boolean stop = batch.remove(STOP);
        for (Object o : batch) {
          if (o instanceof Decision d) {
            unsavedDecisions.add(d);
          } else if (o instanceof Refusal r) {
            unsavedRefusals.add(r);
          }
        }
        persist();
        handled.addAndGet(batch.size());
        batch.clear();
        if (stop) {
          if (!unsavedDecisions.isEmpty() || !unsavedRefusals.isEmpty()) {
            LOG.warning("patou serve: stopping with " + unsavedDecisions.size() + " decision(s) and "
                + unsavedRefusals.size() + " refusal(s) not stored (decision store busy)");
          }
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "storing decisions failed; going on", e);
        handled.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  private void handle(List<Object> batch) {
    List<Decision> ds = new ArrayList<>();
    Instant now = Instant.now();
    for (Object o : batch) {
      if (o instanceof Decision d) {
        ds.add(d);
      } else if (o instanceof Apply a) {
        each(a.decisions(), e -> e.apply(a.decisions(), now));
        for (Decision d : a.decisions()) {
          if (!d.dryRun()) {
            active.add(d);
          }
        }
        handled.incrementAndGet();
      } else if (o instanceof Lift l) {
        each(l.decisions(), e -> e.remove(l.decisions()));
        active.removeIf(d -> l.decisions().stream().anyMatch(g -> g.scope() == d.scope() && g.value().equals(d.value())
            && g.type().equals(d.type())));
        handled.incrementAndGet();
      }
    }
    if (!ds.isEmpty()) {
      for (Enforcer e : enforcers) {
        try {
          e.apply(ds, now);
        } catch (IOException | RuntimeException ex) {
          failures.incrementAndGet();
          LOG.log(Level.SEVERE, "enforcing " + ds.size() + " decision(s) with " + e.getClass().getSimpleName()
              + " failed: " + ex.getMessage());
        }
      }
      for (Decision d : ds) {
        if (!d.dryRun()) {
          active.add(d);
        }
      }
      toStore.addAll(ds);
    }
    expire(now);
  }

  private interface EnforcerCall {
    void on(Enforcer e) throws IOException;
  }

  private void each(List<Decision> ds, EnforcerCall call) {
    for (Enforcer e : enforcers) {
      try {
        call.on(e);
      } catch (IOException | RuntimeException ex) {
        failures.incrementAndGet();
        LOG.log(Level.SEVERE, "enforcing " + ds.size() + " decision(s) by hand with " + e.getClass().getSimpleName()
            + " failed: " + ex.getMessage());
      }
    }
  }

  private void persist() {
    if (unsavedDecisions.isEmpty() && unsavedRefusals.isEmpty()) {
      return;
    }
    try (DecisionStore store = new DecisionStore(dataDir)) {
      while (!unsavedDecisions.isEmpty()) {
        store.add(unsavedDecisions.peekFirst());
        unsavedDecisions.pollFirst();
      }
      while (!unsavedRefusals.isEmpty()) {
        Refusal r = unsavedRefusals.peekFirst();
        store.refused(r.at(), r.scope(), r.value(), r.scenario(), r.entry());
        unsavedRefusals.pollFirst();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "decision store busy; " + unsavedDecisions.size() + " decision(s) wait for the next try", e);
      trim(unsavedDecisions);
      trim(unsavedRefusals);
    }
  }

  private void trim(java.util.ArrayDeque<?> l) {
    while (l.size() > MAX_UNSAVED) {
      l.pollFirst();
      lost.incrementAndGet();
    }
  }

  /** Tells the enforcers that cannot expire by themselves (hooks) about decisions that ran out. */
  private void expire(Instant now) {
    List<Decision> gone = new ArrayList<>();
    while (!active.isEmpty() && !active.peek().until().isAfter(now)) {
      gone.add(active.poll());
    }
    if (gone.isEmpty()) {
      return;
    }
    expired.addAndGet(gone.size());
    for (Decision d : gone) {
      LOG.info("patou serve: decision expired: " + d.type() + " " + d.scope().label() + " " + d.value() + " (" + d.scenario() + ")");
    }
    for (Enforcer e : enforcers) {
      if (e instanceof NftablesEnforcer) {
        continue; // its set elements time out in the kernel at the same moment
      }
      try {
        e.remove(gone);
      } catch (IOException | RuntimeException ex) {
        failures.incrementAndGet();
        LOG.log(Level.WARNING, "lifting " + gone.size() + " expired decision(s) with " + e.getClass().getSimpleName()
            + " failed: " + ex.getMessage());
      }
    }
  }

  /** Waits until everything submitted so far is applied and stored (or tried); false on timeout. */
  public boolean awaitIdle(long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (handled.get() < submitted.get() && System.currentTimeMillis() < end) {
      Thread.sleep(5);
    }
    return handled.get() >= submitted.get();
  }

  /** Enforcer calls that failed (reconcile, apply, lift). */
  public long failures() {
    return failures.get();
  }

  /** Decisions that ran out while the server ran. */
  public long expired() {
    return expired.get();
  }

  /** Decisions or refusals dropped because the store stayed busy too long. */
  public long lost() {
    return lost.get();
  }

  /** Applies and stores what is queued, then stops the thread. */
  @Override
  public void close() {
    stopping = true;
    if (thread != null) {
      // No interrupt: an nft batch or a hook in flight finishes (an interrupt would kill it).
      queue.add(STOP);
      try {
        thread.join(60_000);
        storeThread.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      persist();
    }
  }
}
