package org.patou.runtime;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.event.Event;
import org.patou.inventory.InventoryStore;
import org.patou.sigma.match.Detection;

/**
 * Tells the inventory which assets alerts were raised against, so the patch plan raises their
 * findings ("raised when patou has seen attack activity against that asset"). Alerts of level
 * medium and above count; the asset is the event's host ({@code host.name}, the EVTX {@code
 * Computer}, Winlogbeat's {@code winlog.computer_name}).
 *
 * <p>Collected on the pipeline thread and written at each commit, in one short transaction on the
 * inventory database that is then closed again, so {@code patou inventory} and {@code feeds} keep
 * working while the server runs. When the database is busy the activity waits for the next commit;
 * at most {@link #MAX_PENDING} assets wait (the oldest go first). Not thread-safe.
 */
public final class AttackActivity {
  static final int MAX_PENDING = 1_000;
  private static final Logger LOG = Logger.getLogger(AttackActivity.class.getName());
  private static final String[] HOST_FIELDS = {"host.name", "Event.System.Computer", "winlog.computer_name"};

  private final Path dataDir;
  private final Map<String, Seen> pending = new LinkedHashMap<>();
  private long dropped;

  private record Seen(Instant at, String what) {}

  public AttackActivity(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Notes an alert. */
  public void saw(Detection d) {
    if (d.rule().level() == null || d.rule().level().compareTo(org.patou.sigma.rule.Level.MEDIUM) < 0) {
      return;
    }
    String host = host(d.event());
    if (host == null) {
      return;
    }
    Instant at = Instant.ofEpochMilli(d.timestamp() > 0 ? d.timestamp() : System.currentTimeMillis());
    pending.remove(host);
    pending.put(host, new Seen(at, "alert: " + d.rule().title()));
    if (pending.size() > MAX_PENDING) {
      String oldest = pending.keySet().iterator().next();
      pending.remove(oldest);
      dropped++;
    }
  }

  private static String host(Event e) {
    for (String f : HOST_FIELDS) {
      Object v = e.get(f);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }

  /** Writes what was seen to the inventory (for the assets it knows). Never throws. */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    try (InventoryStore store = new InventoryStore(dataDir)) {
      for (Map.Entry<String, Seen> e : pending.entrySet()) {
        if (store.asset(e.getKey()) != null) {
          store.recordAttack(e.getKey(), e.getValue().at(), e.getValue().what());
        }
      }
      pending.clear();
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.FINE, "inventory busy or unavailable; attack activity kept for the next commit", e);
    }
  }

  /** Assets dropped from the waiting list (it was full). */
  public long dropped() {
    return dropped;
  }
}
