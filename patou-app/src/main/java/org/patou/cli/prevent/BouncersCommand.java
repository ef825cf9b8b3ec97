package org.patou.cli.prevent;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.cli.inventory.DataDirOption;
import org.patou.respond.BouncerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou bouncers add|list|delete}: API keys for CrowdSec bouncers pulling decisions from
 * {@code patou serve} ({@code /v1/decisions}, {@code /v1/decisions/stream}), like {@code cscli
 * bouncers}. Kept in {@code <data>/patou.mv.db}, the key as a SHA-256 hash only: {@code add} prints
 * it once.
 */
@Command(name = "bouncers", mixinStandardHelpOptions = true,
    description = "Manage the API keys of CrowdSec-compatible bouncers (firewall, nginx...) that pull decisions from patou serve.",
    subcommands = {BouncersCommand.Add.class, BouncersCommand.ListCmd.class, BouncersCommand.Delete.class})
public final class BouncersCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Register a bouncer and print its API key (once: only its hash is kept).")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The bouncer's name.")
    String name;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "Use this key (16 to 200 characters) instead of a random one, as cscli bouncers add -k.")
    String key;

    @Option(names = {"-o", "--output"}, defaultValue = "human", paramLabel = "FMT", description = "human or raw (the key alone; default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() throws SQLException {
      PrintWriter out = spec.commandLine().getOut();
      try (BouncerStore store = new BouncerStore(DataDirOption.resolve(spec))) {
        String k = store.add(name, key == null ? BouncerStore.newKey() : key);
        if ("raw".equals(output)) {
          out.println(k);
        } else {
          out.println("API key for '" + name + "':");
          out.println();
          out.println("   " + k);
          out.println();
          out.println("Please keep this key since you will not be able to retrieve it!");
        }
        return 0;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("patou: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bouncers and their last pull.")
  static final class ListCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
      PrintWriter out = spec.commandLine().getOut();
      try (BouncerStore store = new BouncerStore(DataDirOption.resolve(spec))) {
        List<BouncerStore.Bouncer> all = store.list();
        for (BouncerStore.Bouncer b : all) {
          out.println(b.name() + "  created " + b.created().truncatedTo(ChronoUnit.SECONDS)
              + "  last pull " + (b.lastPull() == null ? "never" : b.lastPull().truncatedTo(ChronoUnit.SECONDS)
                  + " from " + b.address() + " (" + b.userAgent() + ")"));
        }
        out.println(all.size() + " bouncer(s)");
      }
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete bouncers: their keys stop working at once.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Bouncer names.")
    List<String> names;

    @Override
    public Integer call() throws SQLException {
      int code = 0;
      try (BouncerStore store = new BouncerStore(DataDirOption.resolve(spec))) {
        for (String n : names) {
          if (store.delete(n)) {
            spec.commandLine().getOut().println("bouncer '" + n + "' deleted");
          } else {
            spec.commandLine().getErr().println("patou: no bouncer named '" + n + "'");
            code = 1;
          }
        }
      }
      return code;
    }
  }
}
