package org.patou.cli.inventory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.inventory.Door;
import org.patou.inventory.ExposureConfig;
import org.patou.inventory.Inventory;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou inventory exposure [FILE]}: the {@code exposure:} section of the configuration (port
 * forwards, allowed inbound, nft rulesets) becomes the exposed doors of source {@code config},
 * replacing the previous ones in one transaction. Everything is read and checked first.
 */
@Command(mixinStandardHelpOptions = true, name = "exposure", description = {
    "Turn the configuration's exposure section (NAT/port forwards, allowed inbound, nft -j rulesets)",
    "into exposed doors (source 'config'), replacing the previous ones; the patch plan uses them."})
public final class InventoryExposureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
      description = "Configuration file holding 'exposure:' (default: the one given with --config).")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path f = file != null ? file : config();
    if (f == null) {
      return Cli.fail(spec, "no configuration file: give FILE or --config FILE");
    }
    ExposureConfig.Result r;
    try {
      r = ExposureConfig.read(f);
    } catch (ParseException e) {
      return Cli.fail(spec, e.getMessage() + " (nothing imported)");
    } catch (IOException e) {
      return Cli.fail(spec, "cannot read " + f + ": " + e.getMessage() + " (nothing imported)");
    }
    if (r.inventory() == null) {
      return Cli.fail(spec, f + ": no 'exposure:' section (see docs/inventory.md)");
    }
    Inventory inv = r.inventory();
    try (InventoryStore store = Cli.open(spec)) {
      List<String> names = store.importAll(List.of(inv), null, null).get(0);
      int doors = 0;
      for (int i = 0; i < inv.hosts().size(); i++) {
        for (Door d : inv.hosts().get(i).doors()) {
          out.printf(java.util.Locale.ROOT, "%-20s %-10s %s%n", names.get(i), d.label(), d.evidence());
          doors++;
        }
      }
      out.printf(java.util.Locale.ROOT, "%d exposed doors on %d assets from %s%n", doors, names.size(), f);
      out.flush();
      return 0;
    } catch (ParseException e) {
      return Cli.fail(spec, e.getMessage() + " (nothing imported)");
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }

  private Path config() {
    return org.patou.cli.RootOptions.config(spec);
  }
}
