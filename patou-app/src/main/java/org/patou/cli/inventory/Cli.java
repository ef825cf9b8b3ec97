package org.patou.cli.inventory;

import java.io.PrintWriter;
import java.sql.SQLException;
import org.patou.inventory.InventoryStore;
import picocli.CommandLine.Model.CommandSpec;

/** Shared plumbing of the commands: open the store, print errors. */
final class Cli {
  private Cli() {}

  static InventoryStore open(CommandSpec spec) throws SQLException {
    return new InventoryStore(DataDirOption.resolve(spec));
  }

  static int fail(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + message);
    err.flush();
    return 1;
  }

  static String orDash(Object o) {
    return o == null ? "-" : o.toString();
  }
}
