package org.patou.cli.prevent;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.decide.Allowlist;
import org.patou.decide.Scenario;
import org.patou.decide.ScenarioEngine;
import org.patou.decide.ScenarioLoader;
import org.patou.prevent.LivePrevention;
import org.patou.respond.Enforcer;
import org.patou.respond.HookEnforcer;
import org.patou.respond.NftablesEnforcer;
import org.patou.server.PatouServer;

/**
 * Live prevention for {@code patou serve}, from the same {@code prevent:} and {@code allowlist:}
 * keys as {@code patou decisions}: the bundled scenarios plus {@code prevent.scenarios}, the
 * effective allowlist (configured entries, this machine's addresses and the administrator's
 * {@code $SSH_CLIENT}/{@code $SSH_CONNECTION} unless {@code auto_allowlist: false}), {@code
 * escalation}, {@code dry_run}, and the enforcers ({@code nftables: true}, {@code hooks}).
 * Decisions are kept in {@code DATA/patou.mv.db}, where {@code patou decisions} reads them.
 */
public final class ServePrevention {
  /** How often expired decisions are lifted (hooks) and a busy store retried. */
  static final long TICK_MS = 1000;

  private ServePrevention() {}

  /**
   * Registers live prevention as an observer of {@code server} (before its start) and says what it
   * runs with on {@code out}.
   *
   * @param env the environment (the administrator's address is read from it)
   */
  public static void attach(PatouServer server, PreventConfig c, Map<String, String> env, PrintWriter out)
      throws IOException {
    List<Scenario> scenarios;
    try {
      scenarios = ScenarioSet.load(true, c.scenarios(), List.of());
    } catch (ScenarioLoader.ScenarioException e) {
      throw new IllegalArgumentException("prevent.scenarios: " + e.getMessage(), e);
    }
    Allowlist allow = c.effectiveAllowlist(env);
    List<Enforcer> enforcers = new ArrayList<>();
    if (!c.dryRun()) {
      if (c.nftables()) {
        enforcers.add(new NftablesEnforcer());
      }
      for (String h : c.hooks()) {
        enforcers.add(new HookEnforcer(h));
      }
    }
    LivePrevention.Settings s = new LivePrevention.Settings(scenarios, allow, c.escalation(), c.dryRun(),
        ScenarioEngine.DEFAULT_MAX_KEYS);
    server.observer(srv -> {
      try {
        return LivePrevention.open(srv.options().dataDir(), s, srv.alerts(), enforcers, TICK_MS);
      } catch (SQLException e) {
        throw new IllegalStateException("decision store " + srv.options().dataDir().resolve("patou.mv.db") + ": "
            + e.getMessage(), e);
      }
    });
    out.println("patou serve: prevention: " + scenarios.size() + " scenarios, allowlist of " + allow.entries().size()
        + " entries, enforcement " + (c.dryRun() ? "none (dry run: decisions recorded only)"
            : enforcers.isEmpty() ? "none (record only; prevent.nftables or prevent.hooks enforce)"
            : (c.nftables() ? "nftables" : "") + (c.nftables() && !c.hooks().isEmpty() ? " + " : "")
                + (c.hooks().isEmpty() ? "" : c.hooks().size() + " hook(s)")));
  }
}
