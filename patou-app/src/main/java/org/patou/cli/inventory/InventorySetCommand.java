package org.patou.cli.inventory;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.inventory.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patou inventory set NAME [--owner] [--role] [--criticality 1-5] [--tag T]...}. */
@Command(mixinStandardHelpOptions = true,name = "set", description = "Set what only the owner knows: owner, role, criticality (1-5), tags.")
public final class InventorySetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Option(names = "--owner") String owner;
  @Option(names = "--role") String role;
  @Option(names = "--criticality", description = "1 (can be lost) to 5 (the organisation stops).") Integer criticality;
  @Option(names = "--tag", description = "Replaces the tags; repeat for several.") List<String> tags;

  @Override
  public Integer call() {
    if (criticality != null && (criticality < 1 || criticality > 5)) {
      return Cli.fail(spec, "--criticality must be 1 to 5");
    }
    try (InventoryStore store = Cli.open(spec)) {
      store.setAttributes(name, owner, role, criticality, tags);
      spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%s updated%n", name);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }
}
