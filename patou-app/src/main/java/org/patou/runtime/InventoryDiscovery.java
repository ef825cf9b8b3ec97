package org.patou.runtime;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.event.Event;
import org.patou.inventory.Door;
import org.patou.inventory.EventSightings;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.LocalNets;
import org.patou.inventory.Sighting;

/**
 * Live inventory discovery: hosts and services seen in the events {@code patou serve} stores
 * ({@link EventSightings} says what an event shows) are merged into the inventory by its identity
 * rules, with first and last seen times and the source that saw them.
 *
 * <p>Sightings are folded in memory on the pipeline thread (one entry per host, source and door:
 * a busy conn log of the same few services costs a few entries, not a row per event). At a commit of
 * the event store, when one of them is news (a host, source or door not written yet, a door newly
 * exposed or with a new product/version, or a last-seen time {@code refreshMs} of event time past the
 * one written), all of them are handed to a writer thread, which writes them in one short
 * transaction on the inventory database and closes it again: opening H2 takes from a few to a few
 * hundred milliseconds on a busy machine, which the pipeline must not wait for; {@code patou
 * inventory}, {@code feeds} and {@code patch-plan} keep working while the server runs. Known facts
 * seen again cost no database work until their refresh is due, so last-seen times are exact to
 * {@code refreshMs}. While a write runs, sightings keep folding; when it failed (a CLI command held
 * the database) its entries fold back and wait for the next commit. At most {@link #MAX_PENDING}
 * entries wait and {@link #MAX_KNOWN} written facts are remembered; beyond, the least recently seen
 * go (dropped entries are counted). The writer thread ends after a few idle seconds. Called on the
 * pipeline thread only.
 */
public final class InventoryDiscovery implements EventObserver {
  static final int MAX_PENDING = 20_000;
  static final int MAX_ADDRESSES = 16;
  static final int MAX_KNOWN = 50_000;
  private static final Logger LOG = Logger.getLogger(InventoryDiscovery.class.getName());

  private final Path dataDir;
  private final EventSightings reader;
  private final long refreshMs;
  private final Map<String, Folded> pending = new LinkedHashMap<>(256, 0.75f, true);
  /** What was written per entry: its signature and last-seen time. */
  private final Map<String, Written> known = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Written> e) {
      return size() > MAX_KNOWN;
    }
  };
  private final ThreadPoolExecutor writer;
  private Future<Integer> inFlight;
  private Map<String, Folded> inFlightBatch;
  private long dropped;
  private long written;
  private long created;
  private long failedWrites;

  /** A sighting folded over many events. */
  private static final class Folded {
    final String name;
    final Set<String> addresses = new LinkedHashSet<>();
    final String source;
    String detail;
    Instant first;
    Instant last;
    Door door;

    Folded(Sighting s) {
      name = s.name();
      source = s.source();
      first = s.firstSeen();
      last = s.lastSeen();
      add(s);
    }

    void add(Sighting s) {
      for (String a : s.addresses()) {
        if (addresses.size() < MAX_ADDRESSES) {
          addresses.add(a);
        }
      }
      if (s.detail() != null) {
        detail = s.detail();
      }
      if (s.firstSeen().isBefore(first)) {
        first = s.firstSeen();
      }
      if (s.lastSeen().isAfter(last)) {
        last = s.lastSeen();
      }
      Door d = s.door();
      if (d != null) {
        door = door == null ? d : new Door(or(d.address(), door.address()), d.port(), d.protocol(),
            or(d.service(), door.service()), or(d.product(), door.product()), or(d.version(), door.version()),
            door.exposed() || d.exposed(),
            d.source(), d.exposed() || !door.exposed() ? or(d.evidence(), door.evidence()) : door.evidence(),
            null, null);
      }
    }

    /** What makes an entry news when it changes (not the evidence: it names the last client). */
    String signature() {
      return addresses + "|" + (door == null ? "" : door.exposed() + "|" + door.service() + "|" + door.product()
          + "|" + door.version());
    }

    Sighting sighting() {
      return new Sighting(name, List.copyOf(addresses), source, detail, first, last, door);
    }
  }

  private record Written(String signature, Instant lastSeen) {}

  private static String or(String a, String b) {
    return a != null ? a : b;
  }

  /**
   * @param dataDir where the inventory lives ({@code <data>/patou.mv.db})
   * @param local which addresses are inside (the configuration's {@code exposure.local_nets})
   * @param refreshMs how far (in event time) a known fact's last-seen may run ahead of the stored one
   *     before it is written again
   */
  public InventoryDiscovery(Path dataDir, LocalNets local, long refreshMs) {
    this.dataDir = dataDir;
    this.reader = new EventSightings(local);
    this.refreshMs = refreshMs;
    this.writer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        NamedThreads.single("patou-inventory-discovery", true));
    this.writer.allowCoreThreadTimeOut(true);
  }

  @Override
  public void event(String id, Event event, long timestamp, long receivedAt, String source) {
    try {
      reader.read(event, timestamp, this::fold);
    } catch (RuntimeException e) {
      // odd input must not stop the pipeline; the event is stored all the same
      LOG.log(Level.FINE, "discovery skipped event " + id, e);
    }
  }

  private void fold(Sighting s) {
    String host = s.name() != null ? org.patou.inventory.Asset.key(s.name()) : s.addresses().get(0);
    Door d = s.door();
    String key = host + "\u0000" + s.source() + (d == null ? "" : "\u0000" + d.port() + "/" + d.protocol());
    Folded f = pending.get(key);
    if (f != null) {
      f.add(s);
      return;
    }
    pending.put(key, new Folded(s));
    if (pending.size() > MAX_PENDING) {
      var it = pending.entrySet().iterator();
      it.next();
      it.remove();
      dropped++;
    }
  }

  @Override
  public void committed() {
    collect(false);
    if (inFlight != null || pending.isEmpty()) {
      return;
    }
    if (pending.size() >= MAX_PENDING / 2 || news()) {
      submit();
    }
  }

  private boolean news() {
    for (Map.Entry<String, Folded> e : pending.entrySet()) {
      Written w = known.get(e.getKey());
      Folded f = e.getValue();
      if (w == null || !w.signature().equals(f.signature())
          || f.last.toEpochMilli() - w.lastSeen().toEpochMilli() >= refreshMs) {
        return true;
      }
    }
    return false;
  }

  /** Hands everything waiting to the writer thread. */
  private void submit() {
    Map<String, Folded> batch = new LinkedHashMap<>(pending);
    List<Sighting> sightings = new ArrayList<>(batch.size());
    for (Folded f : batch.values()) {
      sightings.add(f.sighting());
    }
    pending.clear();
    inFlightBatch = batch;
    inFlight = writer.submit(() -> {
      try (InventoryStore store = new InventoryStore(dataDir)) {
        return store.observe(sightings);
      }
    });
  }

  /** Takes the result of the write in flight (waiting for it when {@code wait}). */
  private void collect(boolean wait) {
    if (inFlight == null || !wait && !inFlight.isDone()) {
      return;
    }
    Future<Integer> f = inFlight;
    Map<String, Folded> batch = inFlightBatch;
    inFlight = null;
    inFlightBatch = null;
    try {
      created += result(f);
      written += batch.size();
      for (Map.Entry<String, Folded> e : batch.entrySet()) {
        known.put(e.getKey(), new Written(e.getValue().signature(), e.getValue().last));
      }
    } catch (ExecutionException e) {
      failedWrites++;
      LOG.log(Level.FINE, "inventory busy or unavailable; discovery kept for the next commit", e.getCause());
      for (Folded back : batch.values()) {
        fold(back.sighting());
      }
    }
  }

  private static int result(Future<Integer> f) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes everything waiting now, on the calling thread's time (tests, shutdown). */
  public void flush() {
    collect(true);
    if (!pending.isEmpty()) {
      submit();
      collect(true);
    }
  }

  /** Entries waiting to be written. */
  public int pending() {
    return pending.size();
  }

  /** Entries dropped because too many waited. */
  public long dropped() {
    return dropped;
  }

  /** Sightings written so far. */
  public long written() {
    return written;
  }

  /** Assets created so far. */
  public long created() {
    return created;
  }

  /** Writes that failed (their entries waited for the next commit). */
  public long failedWrites() {
    return failedWrites;
  }

  /** Waits for the write in flight, if any, and takes its result. */
  void awaitWrite() {
    collect(true);
  }
}
