package org.patou.egress;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.event.Event;
import org.patou.respond.DecisionStore;
import org.patou.respond.Enforcer;
import org.patou.runtime.EventObserver;
import org.patou.store.Alert;
import org.patou.store.AlertStore;

/**
 * The egress view live, in {@code patou serve}: every stored Zeek connection ({@code
 * event.dataset: zeek.conn}) and kernel firewall log line goes through an {@link EgressEngine}. A
 * flagged transfer becomes an alert (rule {@value #RULE_ID}, with the event's id, {@code
 * source.ip} and {@code destination.ip}) and, when the policy blocks, a decision of scope egress,
 * stored in {@code <data>/patou.mv.db} and handed to the enforcers (nftables set {@code
 * egress4}/{@code egress6}) at the next commit, all of a commit's decisions in one nft batch.
 * Events replayed from the WAL at start rebuild the view and baselines but raise nothing twice.
 * With a counter source ({@code egress.nft_counters}), {@link #pollCounters()} (called by a
 * scheduled thread) adds what the nftables accounting sets counted since the last reading, and
 * stores and enforces its decisions at once. Calls are serialised (the methods are synchronized).
 * An error (database, nft) is logged; the pipeline goes on.
 */
public final class EgressObserver implements EventObserver {
  private static final Logger LOG = Logger.getLogger(EgressObserver.class.getName());
  public static final String RULE_ID = "patou-egress-new-destination";

  private final EgressEngine engine;
  private final EgressDecisions decisions;
  private final AlertStore alerts;
  private final Path dataDir;
  private final List<Enforcer> enforcers;
  private final long startedAt;
  private final List<Decision> pending = new ArrayList<>();
  private final List<Object[]> refusals = new ArrayList<>();
  private long raised;
  private org.patou.respond.NftablesEnforcer counterSource;
  private final CounterFlows counterFlows = new CounterFlows(2 * org.patou.respond.NftBatch.ACCOUNT_SIZE);

  /**
   * @param decisions null when the policy does not block
   * @param dataDir where the decision store lives
   * @param startedAt epoch ms: events received before (WAL replay) raise nothing
   */
  public EgressObserver(EgressEngine engine, EgressDecisions decisions, AlertStore alerts, Path dataDir,
      List<Enforcer> enforcers, long startedAt) {
    this.engine = engine;
    this.decisions = decisions;
    this.alerts = alerts;
    this.dataDir = dataDir;
    this.enforcers = List.copyOf(enforcers);
    this.startedAt = startedAt;
  }

  /** A blocking policy's decider: the allowlist, escalation and dry run of the prevention settings. */
  public static EgressDecisions decisions(EgressPolicy policy, Decider decider) {
    return policy.block() ? new EgressDecisions(policy, decider) : null;
  }

  /**
   * Reads flows from this enforcer's accounting counters in {@link #pollCounters()} (its table is
   * rebuilt with accounting by {@link #reconcile()}).
   */
  public EgressObserver counters(org.patou.respond.NftablesEnforcer source) {
    this.counterSource = source;
    return this;
  }

  /** Rebuilds the enforcers' state (and the accounting table) from the stored decisions (start of the server). */
  public synchronized void reconcile() {
    List<Enforcer> all = new ArrayList<>(enforcers);
    if (counterSource != null && !all.contains(counterSource)) {
      all.add(counterSource);
    }
    if (all.isEmpty()) {
      return;
    }
    try (DecisionStore store = new DecisionStore(dataDir)) {
      List<Decision> active = store.active(Instant.now());
      for (Enforcer e : all) {
        e.reconcile(active, Instant.now());
      }
    } catch (SQLException | IOException e) {
      LOG.log(Level.WARNING, "egress: reconciling the enforcers failed", e);
    }
  }

  /**
   * One reading of the accounting counters: their growth since the last reading goes through the
   * engine as flows of this time; decisions are stored and enforced at once. When the table has no
   * accounting sets (something rebuilt it without them), it is rebuilt with them.
   */
  public synchronized void pollCounters() {
    if (counterSource == null) {
      return;
    }
    List<org.patou.respond.NftCounters.Counter> cs;
    try {
      cs = counterSource.counters();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "egress: reading the nftables counters failed; rebuilding the table", e);
      reconcile();
      return;
    }
    Instant now = Instant.now();
    for (Flow f : counterFlows.read(cs, now)) {
      // No stored event behind a counter: the alert's id says where it came from (at most 40 characters).
      flow("nft-" + now.toEpochMilli() + "-" + (raised + 1), f, Long.MAX_VALUE);
    }
    committed();
  }

  @Override
  public synchronized void event(String id, Event event, long timestamp, long receivedAt, String source) {
    Flow f = EventFlows.of(event, timestamp);
    if (f != null) {
      flow(id, f, receivedAt);
    }
  }

  private void flow(String id, Flow f, long receivedAt) {
    Transfer t = engine.add(f);
    if (t == null || receivedAt < startedAt) {
      return;
    }
    Map<String, List<String>> entities = new LinkedHashMap<>();
    entities.put("source.ip", List.of(t.host()));
    entities.put("destination.ip", List.of(t.destination()));
    entities.put("source.bytes", List.of(Long.toString(t.bytes())));
    entities.put("egress.rule", List.of(t.rule()));
    try {
      alerts.add(new Alert(0, RULE_ID, "Large or unusual transfer to a destination new for the host", "high",
          t.at().toEpochMilli(), System.currentTimeMillis(), List.of(id), entities));
      raised++;
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "egress: storing an alert failed", e);
    }
    if (decisions == null) {
      return;
    }
    Decider.Outcome o = decisions.decide(t, Instant.now());
    if (o == null) {
      return;
    }
    if (o.decision() != null) {
      pending.add(o.decision());
    } else {
      LOG.warning("egress: allowlisted, no decision: " + t.host() + "->" + t.destination() + " (entry " + o.refused() + ")");
      refusals.add(new Object[] {t.at(), Scope.egress(t.host(), t.destination()), o.refused()});
    }
  }

  @Override
  public synchronized void committed() {
    if (pending.isEmpty() && refusals.isEmpty()) {
      return;
    }
    List<Decision> stored = new ArrayList<>(pending.size());
    try (DecisionStore store = new DecisionStore(dataDir)) {
      for (Decision d : pending) {
        stored.add(store.add(d));
      }
      for (Object[] r : refusals) {
        store.refused((Instant) r[0], Scope.EGRESS, (String) r[1], EgressDecisions.SCENARIO, (String) r[2]);
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "egress: storing decisions failed; enforcing them anyway", e);
      stored = new ArrayList<>(pending);
    }
    pending.clear();
    refusals.clear();
    for (Enforcer e : enforcers) {
      try {
        e.apply(stored, Instant.now());
      } catch (IOException ex) {
        LOG.log(Level.WARNING, "egress: enforcing failed", ex);
      }
    }
  }

  public EgressEngine engine() {
    return engine;
  }

  /** Alerts raised since start. */
  public long raised() {
    return raised;
  }
}
