package org.patou.cli.inventory;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.patou.inventory.Asset;
import org.patou.inventory.Door;
import org.patou.inventory.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patou inventory list}: one line per asset. */
@Command(mixinStandardHelpOptions = true,name = "list", description = "List assets: OS, criticality, packages, exposed doors, findings.")
public final class InventoryListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (InventoryStore store = Cli.open(spec)) {
      out.printf(java.util.Locale.ROOT, "%-24s %-16s %-4s %8s %-20s %8s%n", "ASSET", "OS", "CRIT", "PACKAGES", "EXPOSED", "FINDINGS");
      for (Asset a : store.assets()) {
        String exposed = String.join(",", store.doors(a.name()).stream().filter(Door::exposed).map(Door::label).distinct().toList());
        out.printf(java.util.Locale.ROOT, "%-24s %-16s %-4d %8d %-20s %8d%n", a.name(),
            a.osId() == null ? "-" : a.osId() + ":" + Cli.orDash(a.osVersion()), a.criticality(),
            store.software(a.name()).size(), exposed.isEmpty() ? "-" : exposed, store.findings(a.name()).size());
      }
      out.flush();
      return 0;
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }
}
