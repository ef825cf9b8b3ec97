package org.patou.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The root's inherited options ({@code --data}, {@code --config}) as a subcommand sees them,
 * whatever the root command is ({@link Main}, or a stand-in with the same two options in tests):
 * the value given on the command line, before or after the subcommand's name, or null.
 */
public final class RootOptions {
  private RootOptions() {}

  /** {@code --config FILE}, or null. */
  public static Path config(CommandSpec spec) {
    return path(spec, "--config");
  }

  /** {@code --data DIR} as given (no configuration or default applied), or null. */
  public static Path data(CommandSpec spec) {
    return path(spec, "--data");
  }

  private static Path path(CommandSpec spec, String name) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      OptionSpec o = s.findOption(name);
      if (o != null && o.getValue() != null) {
        Object v = o.getValue();
        return v instanceof Path p ? p : Path.of(v.toString());
      }
    }
    return null;
  }
}
