package org.patou.cli.inventory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patou inventory}: assets, their software and doors. */
@Command(
    mixinStandardHelpOptions = true,
    name = "inventory",
    description = "What you have: assets, installed software, doors (services reachable from outside).",
    subcommands = {
      InventoryImportCommand.class,
      InventoryCollectCommand.class,
      InventoryListCommand.class,
      InventoryShowCommand.class,
      InventorySetCommand.class,
      InventoryExposureCommand.class
    })
public final class InventoryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
