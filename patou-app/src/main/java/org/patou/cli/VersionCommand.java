package org.patou.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.patou.rules.RuleLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patou version}. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Prints patou's version, the Java running it and the rules in use.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The version from the build ({@code patou.properties}, filtered by Maven). */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("/org/patou/cli/patou.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public Integer call() {
    Main main = Main.of(spec);
    var out = spec.commandLine().getOut();
    out.println("patou " + version());
    out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    Path rules = RuleLocations.defaultRules(main.dataDir());
    out.println("rules " + (rules == null ? "none found" : rules));
    out.println("data " + main.dataDir());
    out.flush();
    return Main.OK;
  }

  /** For {@code --version} on every command. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"patou " + version()};
    }
  }
}
