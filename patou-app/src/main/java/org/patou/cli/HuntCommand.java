package org.patou.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.sigma.rule.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patou hunt}: runs the Sigma rules over log files, once. */
@Command(
    name = "hunt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Runs the Sigma rules over log files and prints what fired.",
      "Reads files and directories (recursively); the format is sniffed from the content: EVTX,",
      "JSON (one object, JSON lines, pretty-printed records, arrays; flat ECS, nested EVTX-as-JSON,",
      "Suricata EVE, Zeek JSON), Zeek TSV logs, web server access and error logs, and syslog / auth",
      "logs (RFC 3164 and 5424; sshd, sudo, su, PAM, account changes)."
    },
    footer = {
      "",
      "Exit codes: 0 done (found or not), 1 some inputs could not be read (named on stderr),",
      "2 usage error or nothing could be read."
    })
final class HuntCommand implements Callable<Integer> {
  enum Format {
    text,
    jsonl,
    csv
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or directories.")
  List<Path> paths;

  @Option(names = "--rules", paramLabel = "DIR", description = "Rule tree. Default: rules of --config, else the set installed by 'rules update', else the bundled SigmaHQ rules.")
  Path rules;

  @Option(
      names = "--min-level",
      paramLabel = "LEVEL",
      defaultValue = "low",
      converter = LevelConverter.class,
      description = "Lowest rule level to run: informational, low, medium, high, critical. Default: ${DEFAULT-VALUE}.")
  Level minLevel;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output: text, jsonl or csv. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--since", paramLabel = "TIME", description = "Ignore events before TIME (2024-03-01T08:00:00Z, 2024-03-01 08:00 in --timezone, 2024-03-01, or an age: 12h, 7d).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Ignore events at or after TIME (same forms as --since).")
  String until;

  @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC", description = "Zone of times written without one (syslog RFC 3164, --since/--until) and of the text and HTML output. Default: ${DEFAULT-VALUE}.")
  String timezone;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
  Path report;

  @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
  boolean quiet;

  @Option(names = "--threads", paramLabel = "N", description = "Files read in parallel. Default: the number of cores.")
  Integer threads;

  @Override
  public Integer call() {
    Main main = Main.of(spec);
    Config config = main.config();
    var parsed = spec.commandLine().getParseResult();
    if (!parsed.hasMatchedOption("--min-level") && config.minLevel() != null) {
      minLevel = config.minLevel();
    }
    if (!parsed.hasMatchedOption("--timezone") && config.timezone() != null) {
      timezone = config.timezone();
    }
    if (threads == null) {
      threads = config.threads();
    }
    ZoneId zone = HuntRunner.zone(timezone);
    HuntRunner.Request r =
        new HuntRunner.Request(
            paths,
            HuntRunner.rulesDir(rules, main),
            minLevel,
            format,
            HuntRunner.time("--since", since, zone),
            HuntRunner.time("--until", until, zone),
            zone,
            report,
            quiet,
            threads == null ? Runtime.getRuntime().availableProcessors() : threads,
            "patou hunt report",
            null);
    return new HuntRunner(main.engine(), spec.commandLine().getOut(), spec.commandLine().getErr()).run(r);
  }
}
