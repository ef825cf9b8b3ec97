package org.patou.cli.inventory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Stands in for patou-app's root {@code patou} command in tests: the inherited {@code --data} (via
 * the mixin) and {@code --config}, and this module's commands registered as the lead will.
 */
@Command(name = "patou", mixinStandardHelpOptions = true,
    subcommands = {InventoryCommand.class, FeedsCommand.class, PatchPlanCommand.class})
public final class TestRoot implements Runnable {
  @Mixin DataDirOption data;

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT)
  Path config;

  @Override
  public void run() {}

  /** Exit code, stdout and stderr of one run. */
  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TestRoot());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
