/**
 * picocli commands for inventory, feeds and the patch plan, meant to be registered as subcommands
 * of the root {@code patou} command: {@link org.patou.cli.inventory.InventoryCommand}, {@link
 * org.patou.cli.inventory.FeedsCommand}, {@link org.patou.cli.inventory.PatchPlanCommand}. They take
 * the data directory from the inherited {@code --data DIR} option ({@link
 * org.patou.cli.inventory.DataDirOption}), found by name on this command or any parent, so the root
 * may declare it with the mixin or its own {@code @Option(names = "--data", scope = INHERIT)}.
 * Commands run on the caller's thread and print to picocli's out/err writers.
 */
package org.patou.cli.inventory;
