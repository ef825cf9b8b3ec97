package org.patou.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleSource;
import org.patou.hunt.Engine;
import org.patou.hunt.EngineUnavailableException;
import org.patou.hunt.SigmaEngine;
import org.patou.rules.RuleDocCache;
import org.patou.rules.RuleLocations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code patou} command line.
 *
 * <p>Exit codes: {@value #OK} done (whether anything was found or not); {@value #SOME_INPUTS} done,
 * but some inputs could not be read (each is named on stderr); {@value #FAILED} usage error, or
 * nothing could be done.
 *
 * <p>{@code --data} and {@code --config} are inherited by every subcommand: they may be written
 * before or after the subcommand's name.
 */
@Command(
    name = "patou",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A self-hosted SOC in one JVM: hunt Windows and Linux logs with the Sigma rules; inventory, exposure and patch priority.",
    footer = {
      "",
      "Exit codes: 0 done (found or not), 1 some inputs could not be read, 2 usage error or nothing could be done."
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int SOME_INPUTS = 1;
  public static final int FAILED = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Data directory (state in patou.mv.db, installed rule sets, the server's events and WAL). Default: data of --config, else $PATOU_DATA, else data/ in patou's home.")
  Path data;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Configuration file (YAML: data, rules, hunt, serve, allowlist, prevent; see docs/cli.md); options given on the command line win.")
  Path config;

  private Config loadedConfig;

  /**
   * The subcommands, by name, in the order of the help. Not in the {@code @Command} annotation:
   * picocli builds the model of every listed command (reflection over all their options) at each
   * start, a good part of a short command's run; {@link #commandLine} adds only the one called.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
    m.put("hunt", HuntCommand.class);
    m.put("rules", RulesCommand.class);
    m.put("evtx", EvtxCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("version", VersionCommand.class);
    m.put("inventory", org.patou.cli.inventory.InventoryCommand.class);
    m.put("feeds", org.patou.cli.inventory.FeedsCommand.class);
    m.put("patch-plan", org.patou.cli.inventory.PatchPlanCommand.class);
    m.put("simulate", org.patou.cli.prevent.SimulateCommand.class);
    m.put("decisions", org.patou.cli.prevent.DecisionsCommand.class);
    m.put("egress", org.patou.cli.prevent.EgressCommand.class);
    m.put("bouncers", org.patou.cli.prevent.BouncersCommand.class);
    m.put("serve", org.patou.cli.serve.ServeCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The command line with every subcommand (for help, completion and tests). */
  public static CommandLine commandLine(Main main, CommandLine.IFactory factory) {
    return commandLine(main, factory, (String[]) null);
  }

  /**
   * The command line for {@code args}: only the subcommand they name when they name one (options of
   * the root and their values skipped), else all of them (help, usage errors, suggestions).
   */
  static CommandLine commandLine(Main main, CommandLine.IFactory factory, String... args) {
    CommandLine cl = new CommandLine(main, factory);
    String name = args == null ? null : subcommandName(args);
    for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
      if (name == null || name.equals(e.getKey())) {
        try {
          cl.addSubcommand(e.getKey(), factory.create(e.getValue()));
        } catch (Exception ex) {
          throw new IllegalStateException("cannot create the " + e.getKey() + " command", ex);
        }
      }
    }
    return cl;
  }

  /** The subcommand {@code args} call (not help), or null. */
  static String subcommandName(String... args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--data") || a.equals("--config")) {
        i++; // its value
      } else if (!a.startsWith("-")) {
        return SUBCOMMANDS.containsKey(a) && !a.equals("help") ? a : null;
      }
    }
    return null;
  }

  /** Standard output as a byte stream when run from {@link #main} (null under tests: text only). */
  private java.io.OutputStream stdoutBytes;

  /**
   * Standard output for commands that print bytes (a dump's UTF-8 lines), or null: then they print
   * to the command line's text output.
   */
  java.io.OutputStream stdoutBytes() {
    return stdoutBytes;
  }

  /** Made when a command first needs it (most load rules; evtx dump, version, decisions do not). */
  private Engine engine;

  public Main() {
    this(null);
  }

  /** For tests: a command line over another engine. */
  public Main(Engine engine) {
    this.engine = engine;
  }

  public static void main(String[] args) {
    org.patou.runtime.LogSetup.deferred();
    // Picocli looks for Groovy's Closure class once, which searches every jar on the class path
    // (about 15 ms at each start); patou's annotations hold no closures.
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Main main = new Main();
    // The descriptor itself, not System.out: a PrintStream hides write errors, and a dump piped into
    // `head` must stop when head has gone instead of decoding the rest for nobody.
    main.stdoutBytes = new java.io.FileOutputStream(java.io.FileDescriptor.out);
    int code = run(main, out, err, args);
    out.flush();
    err.flush();
    if (code != OK || otherThreadsKeepTheJvm()) {
      System.exit(code);
    }
    // Done, nothing left running: returning ends the JVM with status 0. System.exit would first ask
    // for the JDK's System.Logger (it logs exits at DEBUG), which searches every jar on the class
    // path for a logger finder and starts java.util.logging: 10-20 ms at the end of every command.
  }

  /** Whether a thread other than this one would keep the JVM alive once main returns. */
  private static boolean otherThreadsKeepTheJvm() {
    Thread self = Thread.currentThread();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t != self && t.isAlive() && !t.isDaemon() && !t.getName().equals("DestroyJavaVM")) {
        return true;
      }
    }
    return false;
  }

  /** Runs one command line; returns the exit code. */
  public static int run(Main main, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(main, CommandLine.defaultFactory(), args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof PatouException p) {
            cmd.getErr().println("patou: " + p.getMessage());
            cmd.getErr().flush();
            return p.exitCode();
          }
          if (ex instanceof EngineUnavailableException u) {
            cmd.getErr().println("patou: " + u.getMessage());
            cmd.getErr().flush();
            return FAILED;
          }
          cmd.getErr().println("patou: internal error: " + ex);
          ex.printStackTrace(cmd.getErr());
          cmd.getErr().flush();
          return FAILED;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    // "patou" alone: say how to use it; that is a usage error.
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new PatouException(FAILED, "a command is needed (for example: patou demo)");
  }

  /** The engine, with the configuration's placeholder values applied to every load. */
  Engine engine() {
    if (engine == null) {
      engine = new SigmaEngine(RuleDocCache.standard(VersionCommand.version()));
    }
    Map<String, List<String>> placeholders = config().placeholders();
    if (placeholders.isEmpty()) {
      return engine;
    }
    return new Engine() {
      @Override
      public Loaded load(List<RuleSource> sources, Level minLevel) {
        return engine.load(sources, minLevel, placeholders);
      }
    };
  }

  /** The data directory: {@code --data}, else the configuration's, else the default. */
  Path dataDir() {
    if (data != null) {
      return data;
    }
    return config().data() != null ? config().data() : RuleLocations.defaultData();
  }

  /** The data directory, for command classes outside this package. */
  public Path dataDirectory() {
    config();
    return dataDir();
  }

  /** The configuration file's content ({@link Config#EMPTY} without {@code --config}). */
  Config config() {
    if (loadedConfig == null) {
      loadedConfig = config == null ? Config.EMPTY : Config.read(config);
    }
    return loadedConfig;
  }

  /** The root {@code Main} of a subcommand's spec. */
  static Main of(CommandSpec spec) {
    Main m = (Main) spec.root().userObject();
    m.config();
    return m;
  }
}
