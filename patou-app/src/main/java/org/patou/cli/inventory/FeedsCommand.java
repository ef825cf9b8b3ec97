package org.patou.cli.inventory;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.patou.inventory.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patou feeds}: lists the imported feeds; subcommands import and update them. */
@Command(mixinStandardHelpOptions = true,name = "feeds", description = "Vulnerability feeds (offline import; optional download).",
    subcommands = {FeedsImportCommand.class, FeedsUpdateCommand.class})
public final class FeedsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (InventoryStore store = Cli.open(spec)) {
      Map<String, String> feeds = store.feeds();
      if (feeds.isEmpty()) {
        out.println("no feeds imported: patou feeds import FILE...");
      }
      feeds.forEach((k, v) -> out.printf(java.util.Locale.ROOT, "%-40s %s%n", k, v));
      out.flush();
      return 0;
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }
}
