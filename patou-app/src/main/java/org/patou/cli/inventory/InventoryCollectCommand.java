package org.patou.cli.inventory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.patou.inventory.Door;
import org.patou.inventory.Inventory;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.LocalCollector;
import org.patou.inventory.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code patou inventory collect [--asset NAME]}: inventory of the machine patou runs on. */
@Command(mixinStandardHelpOptions = true,name = "collect", description = "Collect OS, packages, listening ports, admins and remote-access tools of this machine.")
public final class InventoryCollectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--asset", paramLabel = "NAME", description = "Name to file it under (default: the hostname).")
  String asset;

  @Option(names = "--root", paramLabel = "DIR", defaultValue = "/", hidden = true)
  Path root;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Inventory inv;
    try {
      inv = new LocalCollector(root).collect();
    } catch (IOException | ParseException e) {
      return Cli.fail(spec, e.getMessage());
    }
    Inventory.Host h = inv.hosts().get(0);
    try (InventoryStore store = Cli.open(spec)) {
      String name = store.importInventory(inv, "collect", asset, null).get(0);
      out.printf(java.util.Locale.ROOT, "%s: %s %s, %d packages, %d listening sockets, admins %s, remote-access tools %s%n", name,
          Cli.orDash(h.asset().osId()), Cli.orDash(h.asset().osVersion()), h.software().size(), h.doors().size(),
          h.admins(), h.remoteAccessTools().isEmpty() ? "none" : h.remoteAccessTools());
      for (Door d : h.doors()) {
        out.printf(java.util.Locale.ROOT, "  listening %s %s:%d %s%n", d.protocol(), d.address(), d.port(), Cli.orDash(d.product()));
      }
      out.flush();
      return 0;
    } catch (ParseException | SQLException e) {
      return Cli.fail(spec, e.getMessage());
    }
  }
}
