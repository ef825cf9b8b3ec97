package org.patou.cli.inventory;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.inventory.InventoryStore;
import org.patou.vuln.PatchPlan;
import org.patou.vuln.PlanEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code patou patch-plan [--asset NAME] [--format text|json|csv] [--week N]}. */
@Command(mixinStandardHelpOptions = true,name = "patch-plan", description = {
    "Which updates matter this week: each finding scored (KEV, then EPSS, then CVSS, times exposure,",
    "asset criticality and attack activity) and explained in words. Most urgent first."})
public final class PatchPlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Output formats. */
  public enum Format { text, json, csv }

  @Option(names = "--asset", paramLabel = "NAME", description = "Only this asset.")
  String asset;

  @Option(names = "--format", defaultValue = "text", description = "text, json or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--week", defaultValue = "" + PatchPlan.DEFAULT_WEEK_ACTIONS, paramLabel = "N",
      description = "How many upgrade actions make this week's list (default: ${DEFAULT-VALUE}).")
  int week;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (InventoryStore store = Cli.open(spec)) {
      if (asset != null && store.asset(asset) == null) {
        return Cli.fail(spec, "no asset named " + asset);
      }
      List<PlanEntry> plan = PatchPlan.build(store, asset, week, Instant.now());
      // if/else, not an enum switch expression: Java 21 compiles those with java.lang.MatchException,
      // which forbiddenapis cannot resolve when Maven itself runs on Java 17.
      if (format == Format.json) {
        out.print(PatchPlan.json(plan));
      } else if (format == Format.csv) {
        out.print(PatchPlan.csv(plan));
      } else {
        out.print(PatchPlan.text(plan));
      }
      out.flush();
      return 0;
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }
}
