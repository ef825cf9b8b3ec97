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

  /** Rebuilds the enforcers' state from the stored decisions (start of the server). */
  public void reconcile() {
    if (enforcers.isEmpty()) {
      return;
    }
    try (DecisionStore store = new DecisionStore(dataDir)) {
      List<Decision> active = store.active(Instant.now());
      for (Enforcer e : enforcers) {
        e.reconcile(active, Instant.now());
      }
    } catch (SQLException | IOException e) {
      LOG.log(Level.WARNING, "egress: reconciling the enforcers failed", e);
    }
  }

  @Override
  public void event(String id, Event event, long timestamp, long receivedAt, String source) {
    Flow f = EventFlows.of(event, timestamp);
    if (f == null) {
      return;
    }
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
  public void committed() {
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
