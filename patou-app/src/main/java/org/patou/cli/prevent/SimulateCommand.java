package org.patou.cli.prevent;

import org.patou.decide.DecisionJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Scenario;
import org.patou.decide.ScenarioEngine;
import org.patou.decide.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou simulate FILE... --type T}: replays logs offline through parsing, scenarios and
 * decisions with the events' own time, and prints the decisions it would take. Nothing is stored
 * or enforced. The allowlist applied is the configured one plus {@code --allowlist}; addresses of
 * this machine are not added (the logs are usually someone else's).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Replay logs offline through parsing, scenarios and decisions (event time); print the decisions.",
    footer = {"", "Output: one JSON line per decision (type, scope, value, scenario, duration, events, at, until...).",
        "A summary goes to stderr. Exit codes: 0 done, 1 a file could not be read, 2 usage error."})
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files (.gz too).")
  List<Path> files;

  @Option(names = "--type", defaultValue = "auto", paramLabel = "TYPE",
      description = "Log type: sshd, syslog, nginx, apache, auto (default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FMT", description = "jsonl or text (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--scenarios", paramLabel = "PATH", description = "More scenario files or folders (YAML); same name replaces a bundled one.")
  List<Path> scenarios = new ArrayList<>();

  @Option(names = "--no-default-scenarios", description = "Do not load the bundled scenarios.")
  boolean noDefaults;

  @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Only these scenarios (patou or CrowdSec names).")
  List<String> only = new ArrayList<>();

  @Option(names = "--allowlist", paramLabel = "ENTRY", split = ",", description = "More allowlist entries (address, CIDR, host name, user:NAME).")
  List<String> allow = new ArrayList<>();

  @Option(names = "--timezone", defaultValue = "UTC", paramLabel = "ZONE", description = "Zone of log times that carry none (default: ${DEFAULT-VALUE}).")
  String timezone;

  @Option(names = "--year", paramLabel = "YYYY", description = "Year of syslog times, which carry none (default: the current one, or the one before for future dates).")
  Integer year;

  @Option(names = "--max-keys", defaultValue = "100000", paramLabel = "N", description = "Buckets kept per scenario; older ones are evicted (default: ${DEFAULT-VALUE}).")
  int maxKeys;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogType lt;
    try {
      lt = LogType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("patou: --type " + type + ": unknown (sshd, syslog, nginx, apache, auto)");
      return 2;
    }
    boolean text = "text".equalsIgnoreCase(format);
    if (!text && !"jsonl".equalsIgnoreCase(format)) {
      err.println("patou: --format " + format + ": unknown (jsonl, text)");
      return 2;
    }
    PreventConfig config = PreventConfig.of(spec);
    List<Path> extra = new ArrayList<>(config.scenarios());
    extra.addAll(scenarios);
    List<Scenario> list;
    try {
      list = ScenarioSet.load(!noDefaults, extra, only);
    } catch (ScenarioLoader.ScenarioException e) {
      err.println("patou: " + e.getMessage());
      return 2;
    }
    ZoneId zone = ZoneId.of(timezone);
    ZonedDateTime reference = year == null ? ZonedDateTime.now(zone)
        : ZonedDateTime.of(year, 12, 31, 23, 59, 59, 0, zone);
    Allowlist allowlist = Allowlist.of(config.allowlist()).plus(allow);
    Decider decider = new Decider(allowlist, config.escalation(), true, "simulate", k -> 0);
    Replay replay = new Replay(lt.parser(zone, reference), new ScenarioEngine(list, maxKeys), decider);
    int code = 0;
    long start = System.nanoTime();
    for (Path f : files) {
      if (!Files.isReadable(f)) {
        err.println("patou: " + f + ": cannot read");
        code = 1;
        continue;
      }
      replay.file(f, o -> {
        if (o.decision() != null) {
          out.println(text ? DecisionJson.text(o.decision()) : DecisionJson.json(o.decision()));
        } else {
          err.println("patou: allowlisted, no decision: " + o.alert().scope().label() + " " + o.alert().value()
              + " (" + o.alert().scenario().name() + ", entry " + o.refused() + ")");
        }
      });
    }
    out.flush();
    double s = (System.nanoTime() - start) / 1e9;
    Replay.Stats st = replay.stats();
    err.printf(Locale.ROOT, "simulate: %d lines, %d parsed, %d scenarios, %d alerts, %d decisions, %d covered by an active decision, %d refused by the allowlist, %d buckets evicted, %.2fs (%.0f lines/s)%n",
        st.lines, st.parsed, list.size(), st.alerts, st.decisions, decider.covered(), st.refused, replay.engine().evictions(), s,
        st.lines / Math.max(s, 1e-9));
    err.flush();
    return code;
  }
}
