package org.patou.cli.prevent;

import org.patou.decide.DecisionJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.cli.inventory.DataDirOption;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.respond.DecisionStore;
import org.patou.respond.Enforcer;
import org.patou.respond.HookEnforcer;
import org.patou.respond.NftablesEnforcer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou decisions add|delete|list|reconcile}: decisions by hand, kept in {@code
 * <data>/patou.mv.db}. Enforcement (nftables, hooks) follows the configuration's {@code prevent:}
 * section or {@code --nftables}/{@code --hook}; {@code prevent.dry_run: true} or {@code --dry-run}
 * records without enforcing. A decision never lands on the allowlist (configured entries, this
 * machine's addresses and the administrator's {@code $SSH_CLIENT}); the attempt is recorded.
 */
@Command(name = "decisions", mixinStandardHelpOptions = true,
    description = "Add, delete, list and re-apply blocking decisions.",
    subcommands = {DecisionsCommand.Add.class, DecisionsCommand.Delete.class, DecisionsCommand.ListCmd.class,
        DecisionsCommand.Reconcile.class})
public final class DecisionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Options shared by the enforcing subcommands. */
  static final class EnforceOptions {
    @Option(names = "--nftables", description = "Enforce with nftables (table inet patou), whatever the configuration says.")
    boolean nftables;

    @Option(names = "--hook", paramLabel = "COMMAND", description = "Run this command per decision (decision in PATOU_* variables).")
    List<String> hooks = new ArrayList<>();

    @Option(names = "--dry-run", description = "Record only; enforce nothing.")
    boolean dryRun;

    List<Enforcer> enforcers(PreventConfig c) {
      List<Enforcer> out = new ArrayList<>();
      if (dryRun || c.dryRun()) {
        return out;
      }
      if (nftables || c.nftables()) {
        out.add(new NftablesEnforcer());
      }
      for (String h : c.hooks()) {
        out.add(new HookEnforcer(h));
      }
      for (String h : hooks) {
        out.add(new HookEnforcer(h));
      }
      return out;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a decision by hand.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"--ip", "--value"}, required = true, paramLabel = "VALUE", description = "Address, range (CIDR), user, host, or SRC->DST for scope egress.")
    String value;

    @Option(names = "--scope", defaultValue = "ip", description = "ip, range, user, host or egress (default: ${DEFAULT-VALUE}; a CIDR value means range).")
    String scope;

    @Option(names = "--type", defaultValue = "ban", description = "ban or throttle (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--duration", defaultValue = "4h", description = "How long (10m, 4h, 7d; default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--reason", defaultValue = "manual", description = "Why (free text).")
    String reason;

    @picocli.CommandLine.Mixin EnforceOptions enforce = new EnforceOptions();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      PreventConfig c = PreventConfig.of(spec);
      Scope sc = Scope.parse(scope);
      try {
        sc = Decider.manualScope(type, sc, value, "--");
      } catch (IllegalArgumentException e) {
        err.println("patou: " + e.getMessage());
        return 2;
      }
      Allowlist allow = c.effectiveAllowlist(System.getenv());
      boolean dry = enforce.dryRun || c.dryRun();
      Decider decider = new Decider(allow, c.escalation(), dry, "cli", k -> 0);
      Instant now = Instant.now();
      Decider.Outcome o = decider.manual(type, sc, value, Decision.parseDuration(duration), reason, now);
      try (DecisionStore store = new DecisionStore(DataDirOption.resolve(spec))) {
        if (o.decision() == null) {
          store.refused(now, sc, value, "manual", o.refused());
          err.println("patou: " + value + " is allowlisted (" + o.refused() + "): no decision; the attempt is recorded");
          return 1;
        }
        Decision d = store.add(o.decision());
        for (Enforcer e : enforce.enforcers(c)) {
          e.apply(List.of(d), now);
        }
        out.println(DecisionJson.json(d));
        return 0;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Lift decisions (by id or by value).")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--id", description = "Decision id.")
    Long id;

    @Option(names = {"--ip", "--value"}, paramLabel = "VALUE", description = "Every active decision on this value.")
    String value;

    @picocli.CommandLine.Mixin EnforceOptions enforce = new EnforceOptions();

    @Override
    public Integer call() throws Exception {
      if (id == null && value == null) {
        spec.commandLine().getErr().println("patou: give --id or --value");
        return 2;
      }
      PreventConfig c = PreventConfig.of(spec);
      try (DecisionStore store = new DecisionStore(DataDirOption.resolve(spec))) {
        List<Decision> gone = store.delete(id, value, Instant.now());
        for (Enforcer e : enforce.enforcers(c)) {
          e.remove(gone);
        }
        spec.commandLine().getOut().println(gone.size() + " decision(s) deleted");
        return gone.isEmpty() ? 1 : 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List active decisions (or all with --all).")
  static final class ListCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--all", description = "Expired and deleted ones too.")
    boolean all;

    @Option(names = "--format", defaultValue = "text", description = "text or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws SQLException {
      PrintWriter out = spec.commandLine().getOut();
      try (DecisionStore store = new DecisionStore(DataDirOption.resolve(spec))) {
        List<Decision> ds = all ? store.all() : store.active(Instant.now());
        for (Decision d : ds) {
          out.println("jsonl".equals(format) ? DecisionJson.json(d) : d.id() + " " + DecisionJson.text(d));
        }
        if (!"jsonl".equals(format)) {
          out.println(ds.size() + " decision(s)");
        }
      }
      return 0;
    }
  }

  @Command(name = "reconcile", mixinStandardHelpOptions = true,
      description = "Rebuild the enforcers' state (nftables sets) from the persisted decisions, as on start.")
  static final class Reconcile implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin EnforceOptions enforce = new EnforceOptions();

    @Override
    public Integer call() throws SQLException, IOException {
      PreventConfig c = PreventConfig.of(spec);
      Instant now = Instant.now();
      try (DecisionStore store = new DecisionStore(DataDirOption.resolve(spec))) {
        List<Decision> active = store.active(now);
        List<Enforcer> es = enforce.enforcers(c);
        for (Enforcer e : es) {
          e.reconcile(active, now);
        }
        spec.commandLine().getOut().println(active.size() + " active decision(s) applied to " + es.size() + " enforcer(s)");
      }
      return 0;
    }
  }

}
