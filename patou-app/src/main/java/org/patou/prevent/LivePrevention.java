package org.patou.prevent;

import java.io.Closeable;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.decide.Alert;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.patou.decide.Scenario;
import org.patou.decide.ScenarioEngine;
import org.patou.event.Event;
import org.patou.respond.DecisionStore;
import org.patou.respond.Enforcer;
import org.patou.runtime.EventObserver;
import org.patou.store.AlertStore;

/**
 * The behaviour scenarios on every event the server stores, on the pipeline thread: the same
 * {@link ScenarioEngine} and {@link Decider} as {@code patou simulate}, fed the same events (the
 * server's parsers; events without a time are left out, as simulate leaves out lines it cannot
 * date). Buckets count in event time, like simulate; a decision's duration counts from when the
 * server received the event that tipped it ({@code created} is that receipt time, so a decision is
 * never born expired when a sender's clock or the log's year is off).
 *
 * <p>Each decision gives one log line and one alert (rule id {@code scenario:NAME}) and goes at
 * once to {@link Enforcement}, without waiting for the next store commit. An allowlisted value
 * gives a warning and a recorded refusal instead.
 *
 * <p>Restarts: on start the persisted decisions rebuild the enforcers (reconciliation), set each
 * value's offence count (escalation) and stand for "already active" (no second decision while one
 * runs). Events replayed from the write-ahead log at start-up (received before this start) whose
 * decision is already stored (same scenario, value and receipt time) do not decide again, so a
 * crash between enforcing and committing neither duplicates nor re-enforces a decision.
 *
 * <p>Not thread-safe: the pipeline calls it from one thread.
 */
public final class LivePrevention implements EventObserver, Closeable {
  private static final Logger LOG = Logger.getLogger(LivePrevention.class.getName());
  /** The origin of the decisions it takes. */
  public static final String ORIGIN = "patou";

  /**
   * What live prevention runs with.
   *
   * @param scenarios the scenarios (bundled and configured)
   * @param allowlist the effective allowlist (configured, this machine, the administrator)
   * @param escalation durations for repeat offenders
   * @param dryRun record decisions without enforcing them
   * @param maxKeys buckets kept per scenario
   */
  public record Settings(List<Scenario> scenarios, Allowlist allowlist, Decider.Escalation escalation,
      boolean dryRun, int maxKeys) {}

  private final ScenarioEngine engine;
  private final Decider decider;
  private final Settings settings;
  private final AlertStore alerts;
  private final Enforcement enforcement;
  private final long startedAt;
  /** "type:scope:value" to the end (epoch ms) of the decisions active when the server started. */
  private final Map<String, Long> activeAtStart;
  /** "scenario|scope|value|created ms" of stored decisions, for the WAL replay; null once live. */
  private Set<String> stored;
  private volatile long decisions;
  private volatile long refused;
  private volatile long covered;
  private volatile long replayed;

  private LivePrevention(Settings s, Map<String, Integer> offences, Map<String, Long> activeAtStart,
      Set<String> stored, AlertStore alerts, Enforcement enforcement, long startedAt) {
    this.engine = new ScenarioEngine(s.scenarios(), s.maxKeys());
    this.decider = new Decider(s.allowlist(), s.escalation(), s.dryRun(), ORIGIN, k -> offences.getOrDefault(k, 0));
    this.settings = s;
    this.activeAtStart = activeAtStart;
    this.stored = stored;
    this.alerts = alerts;
    this.enforcement = enforcement;
    this.startedAt = startedAt;
  }

  /**
   * Reads the persisted decisions of {@code dataDir}, rebuilds the enforcers from the active ones
   * and starts the enforcement thread. Call from the observer factory (before the WAL replay).
   *
   * @param alerts where each decision also goes as an alert (null: nowhere)
   * @param enforcers what applies decisions (empty in dry-run mode)
   * @param tickMs how often expiry is checked
   */
  public static LivePrevention open(Path dataDir, Settings s, AlertStore alerts, List<Enforcer> enforcers, long tickMs)
      throws SQLException {
    Instant now = Instant.now();
    List<Decision> all;
    List<Decision> active;
    // patou decisions (another process) may hold the file for a moment: try for up to 10 s.
    for (int attempt = 1; ; attempt++) {
      try (DecisionStore store = new DecisionStore(dataDir)) {
        all = store.all();
        active = store.active(now);
        break;
      } catch (SQLException e) {
        if (attempt >= 20) {
          throw e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    Map<String, Integer> offences = new HashMap<>();
    Set<String> stored = new HashSet<>();
    for (Decision d : all) {
      if (!d.dryRun()) {
        offences.merge(d.scope().label() + ":" + d.value(), 1, Integer::sum);
      }
      if (ORIGIN.equals(d.origin())) {
        stored.add(replayKey(d.scenario(), d.scope().label(), d.value(), d.created().toEpochMilli()));
      }
    }
    Map<String, Long> activeAtStart = new HashMap<>();
    for (Decision d : active) {
      activeAtStart.merge(d.type() + ":" + d.scope().label() + ":" + d.value(), d.until().toEpochMilli(), Math::max);
    }
    Enforcement enforcement = new Enforcement(dataDir, enforcers, tickMs);
    enforcement.reconcile(active, now);
    enforcement.start();
    LOG.info("patou serve: prevention: " + active.size() + " active decision(s) re-applied to " + enforcers.size()
        + " enforcer(s)");
    return new LivePrevention(s, offences, activeAtStart, stored, alerts, enforcement, now.toEpochMilli());
  }

  private static String replayKey(String scenario, String scope, String value, long created) {
    return scenario + "|" + scope + "|" + value + "|" + created;
  }

  @Override
  public void event(String id, Event event, long timestamp, long receivedAt, String source) {
    if (!event.has("@timestamp")) {
      return; // simulate leaves out lines it cannot date: so does the live path
    }
    List<Alert> found = engine.offer(event);
    if (found.isEmpty()) {
      return;
    }
    if (stored != null && receivedAt >= startedAt) {
      stored = null; // past the WAL replay
    }
    for (Alert a : found) {
      Scenario.DecisionSpec spec = a.scenario().decision();
      if (spec == null) {
        continue;
      }
      if (stored != null && stored.contains(replayKey(a.scenario().name(), a.scope().label(), a.value(), receivedAt))) {
        replayed++;
        continue;
      }
      Long until = activeAtStart.get(spec.type() + ":" + a.scope().label() + ":" + a.value());
      if (until != null && until > receivedAt) {
        covered++;
        continue;
      }
      Decider.Outcome o = decider.decide(a);
      if (o == null) {
        continue;
      }
      if (o.decision() == null) {
        refused++;
        LOG.logp(Level.WARNING, "org.patou.prevent.LivePrevention", "event", "patou serve: allowlisted, no decision: " + a.scope().label() + " " + a.value() + " ("
            + a.scenario().name() + ", entry " + o.refused() + ")");
        enforcement.refused(new Enforcement.Refusal(Instant.ofEpochMilli(receivedAt), a.scope(), a.value(),
            a.scenario().name(), o.refused()));
        continue;
      }
      Decision d = fromReceipt(o.decision(), receivedAt);
      decisions++;
      enforcement.submit(d);
      // logp: no stack walk to find the caller (this runs on the pipeline thread, per decision)
      LOG.logp(Level.INFO, "org.patou.prevent.LivePrevention", "event", "patou serve: decision " + d.type() + " " + d.scope().label() + " " + d.value() + " for "
          + Decision.format(d.duration()) + " (" + d.scenario() + ", " + d.events() + " events, offence " + d.offence()
          + (d.dryRun() ? ", dry run" : "") + ")");
      alert(d, id, receivedAt);
    }
  }

  /** The decision with its duration counted from the receipt of the event that tipped it. */
  static Decision fromReceipt(Decision d, long receivedAt) {
    Instant at = Instant.ofEpochMilli(receivedAt);
    return new Decision(d.id(), d.type(), d.scope(), d.value(), d.scenario(), d.reason(), d.origin(), at,
        at.plus(d.duration()), d.events(), d.offence(), d.dryRun());
  }

  private void alert(Decision d, String eventId, long receivedAt) {
    if (alerts == null) {
      return;
    }
    String field = switch (d.scope()) {
      case USER -> "user.name";
      case HOST -> "host.name";
      default -> "source.ip";
    };
    try {
      alerts.add(new org.patou.store.Alert(0, "scenario:" + d.scenario(),
          "Decision: " + d.type() + " " + d.scope().label() + " " + d.value() + " for " + Decision.format(d.duration())
              + " (" + d.reason() + ")" + (d.dryRun() ? " [dry run]" : ""),
          "high", receivedAt, System.currentTimeMillis(), List.of(eventId), Map.of(field, List.of(d.value()))));
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "storing the alert of a decision failed", e);
    }
  }

  /** The settings it runs with (the API's manual decisions use the same allowlist and dry run). */
  public Settings settings() {
    return settings;
  }

  public Enforcement enforcement() {
    return enforcement;
  }

  /** Decisions taken since start. */
  public long decisions() {
    return decisions;
  }

  /** Decisions the allowlist refused since start. */
  public long refused() {
    return refused;
  }

  /** Alerts that gave no decision because one persisted before the start was still active. */
  public long covered() {
    return covered + decider.covered();
  }

  /** Alerts of the WAL replay whose decision was already stored. */
  public long replayed() {
    return replayed;
  }

  /** Buckets evicted by the engine (bounded memory). */
  public long evictions() {
    return engine.evictions();
  }

  /** Stops the enforcement thread once what is queued is applied and stored. */
  @Override
  public void close() {
    enforcement.close();
  }
}
