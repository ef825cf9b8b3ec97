package org.patou.cli.inventory;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code --data DIR} option, inherited by all subcommands. Put it on the root command as
 * {@code @Mixin DataDirOption data;} (or declare an equivalent {@code --data} option there). The
 * commands of this package never declare {@code --data} themselves, which would clash with the
 * inherited copy; they call {@link #resolve(CommandSpec)}, which looks for the option by name from
 * the running command up to the root. Under {@link org.patou.cli.Main} the root's rules apply ({@code --data}, the
 * configuration, {@code $PATOU_DATA}, {@code data/} in patou's home); under a test root:
 * {@code $PATOU_DATA}, else {@code ./data}.
 */
public final class DataDirOption {
  @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Data directory (state in DIR/patou.mv.db). Default: $PATOU_DATA, else ./data.")
  Path dataDir;

  /** The value given here, or null. */
  public Path dataDir() {
    return dataDir;
  }

  /** The data directory for the running command. */
  public static Path resolve(CommandSpec spec) {
    if (spec.root().userObject() instanceof org.patou.cli.Main main) {
      // Under the real root command: --data, else the configuration's, else patou's default.
      return main.dataDirectory();
    }
    Path given = org.patou.cli.RootOptions.data(spec);
    if (given != null) {
      return given;
    }
    String env = System.getenv("PATOU_DATA");
    return Path.of(env != null && !env.isBlank() ? env : "data");
  }
}
