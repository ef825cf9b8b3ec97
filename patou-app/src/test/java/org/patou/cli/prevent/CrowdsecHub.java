package org.patou.cli.prevent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.DefaultScenarios;
import org.patou.decide.Scenario;
import org.patou.decide.ScenarioEngine;

/**
 * Replays CrowdSec's hub test samples ({@code ../shared/data/auth/crowdsec-hub-tests/tests}) through
 * patou and compares the outcome with the sample's {@code scenario.assert}: the number of alerts
 * and the multiset of sources they name. Only the patou scenarios standing for the sample's CrowdSec
 * scenarios (config.yaml and the assert's {@code GetScenario()}) run, as CrowdSec runs only those.
 */
final class CrowdsecHub {
  enum Status { MATCHED, DIFFERENT, UNSUPPORTED, PARSER_ONLY }

  record Result(String sample, String logType, List<String> crowdsec, Status status, String detail,
      List<String> expected, List<String> actual, List<String> patouScenarios) {}

  private static final Pattern LEN = Pattern.compile("len\\(results\\) == (\\d+)");
  private static final Pattern SRC = Pattern.compile("\"([^\"]+)\" in results\\[(\\d+)\\]\\.Overflow\\.GetSources\\(\\)");
  private static final Pattern IDX = Pattern.compile("results\\[(\\d+)\\]");
  private static final Pattern SCEN = Pattern.compile("GetScenario\\(\\) == \"([^\"]+)\"");
  private static final Pattern SCOPE = Pattern.compile("GetScope\\(\\) == \"([^\"]+)\"");

  private CrowdsecHub() {}

  static List<Path> samples(Path tests) throws IOException {
    try (Stream<Path> s = Files.list(tests)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  static Result run(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    String config = Files.readString(dir.resolve("config.yaml"), StandardCharsets.UTF_8);
    String logType = value(config, "log_type");
    String logFile = value(config, "log_file");
    List<String> crowdsec = new ArrayList<>();
    boolean inScenarios = false;
    for (String line : config.split("\n")) {
      if (line.startsWith("scenarios:")) {
        inScenarios = true;
      } else if (inScenarios && line.startsWith("- ")) {
        String s = line.substring(2).trim().replace("\"", "");
        if (!s.isEmpty()) {
          crowdsec.add(normalise(s));
        }
      } else if (!line.startsWith(" ")) {
        inScenarios = false;
      }
    }
    Path assertFile = dir.resolve("scenario.assert");
    String asserts = Files.exists(assertFile) ? Files.readString(assertFile, StandardCharsets.UTF_8) : "";
    Matcher m = SCEN.matcher(asserts);
    while (m.find()) {
      String s = normalise(m.group(1));
      if (!crowdsec.contains(s)) {
        crowdsec.add(s);
      }
    }
    // Expected: the number of results and the sources of each.
    int expectedCount = -1;
    Matcher l = LEN.matcher(asserts);
    if (l.find()) {
      expectedCount = Integer.parseInt(l.group(1));
    } else {
      Matcher i = IDX.matcher(asserts);
      TreeSet<Integer> idx = new TreeSet<>();
      while (i.find()) {
        idx.add(Integer.parseInt(i.group(1)));
      }
      if (!idx.isEmpty()) {
        expectedCount = idx.last() + 1;
      }
    }
    Map<Integer, List<String>> bySource = new TreeMap<>();
    Matcher s = SRC.matcher(asserts);
    while (s.find()) {
      bySource.computeIfAbsent(Integer.parseInt(s.group(2)), k -> new ArrayList<>()).add(s.group(1));
    }
    List<String> expected = new ArrayList<>();
    for (List<String> v : bySource.values()) {
      expected.add(String.join("+", new TreeSet<>(v)));
    }
    Collections.sort(expected);
    LogType type = switch (logType) {
      case "syslog" -> LogType.SYSLOG;
      case "nginx", "nginx-proxy-manager" -> LogType.NGINX;
      case "apache2" -> LogType.APACHE;
      default -> null;
    };
    Path log = dir.resolve(logFile);
    if (expectedCount < 0) {
      // A parser sample: no scenario outcome to compare; say how many lines patou parses.
      if (type == null) {
        return new Result(name, logType, crowdsec, Status.PARSER_ONLY, "log type " + logType + " has no patou parser",
            List.of(), List.of(), List.of());
      }
      long[] n = parsed(log, type);
      return new Result(name, logType, crowdsec, Status.PARSER_ONLY, n[1] + " of " + n[0] + " lines parsed",
          List.of(), List.of(), List.of());
    }
    if (type == null) {
      return new Result(name, logType, crowdsec, Status.UNSUPPORTED, "log type " + logType + " has no patou parser",
          expected, List.of(), List.of());
    }
    Matcher sc = SCOPE.matcher(asserts);
    while (sc.find()) {
      if (!sc.group(1).equalsIgnoreCase("Ip")) {
        return new Result(name, logType, crowdsec, Status.UNSUPPORTED,
            "scope " + sc.group(1) + " from GeoIP (impossible travel) is not supported", expected, List.of(), List.of());
      }
    }
    List<Scenario> scenarios = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<Scenario> all = DefaultScenarios.load();
    for (String c : crowdsec) {
      List<Scenario> hit = all.stream().filter(x -> x.crowdsec().stream().anyMatch(y -> y.equalsIgnoreCase(c))).toList();
      if (hit.isEmpty()) {
        missing.add(c);
      }
      for (Scenario h : hit) {
        if (!scenarios.contains(h)) {
          scenarios.add(h);
        }
      }
    }
    List<String> names = scenarios.stream().map(Scenario::name).toList();
    if (scenarios.isEmpty()) {
      return new Result(name, logType, crowdsec, Status.UNSUPPORTED, "no patou scenario for " + String.join(", ", missing),
          expected, List.of(), names);
    }
    List<String> actual = new ArrayList<>();
    ZonedDateTime ref = ZonedDateTime.of(2026, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);
    Replay replay = new Replay(type.parser(ZoneOffset.UTC, ref), new ScenarioEngine(scenarios),
        new Decider(Allowlist.EMPTY));
    replay.onAlert(a -> actual.add(a.value()));
    replay.file(log, o -> {});
    Collections.sort(actual);
    boolean same = actual.size() == expectedCount && actual.equals(expected);
    String detail = same ? expectedCount + " alert(s): " + String.join(", ", expected)
        : "CrowdSec " + expectedCount + " alert(s) " + expected + ", patou " + actual.size() + " " + actual;
    if (!missing.isEmpty()) {
      detail += "; no patou scenario for " + String.join(", ", missing);
    }
    return new Result(name, logType, crowdsec, same ? Status.MATCHED : Status.DIFFERENT, detail, expected, actual, names);
  }

  /** {@code ./scenarios/crowdsecurity/x.yaml} → {@code crowdsecurity/x}. */
  static String normalise(String s) {
    String t = s.replace("./", "");
    if (t.startsWith("scenarios/")) {
      t = t.substring("scenarios/".length());
    }
    if (t.endsWith(".yaml")) {
      t = t.substring(0, t.length() - 5);
    }
    return t;
  }

  private static long[] parsed(Path log, LogType type) throws IOException {
    var p = type.parser(ZoneOffset.UTC, ZonedDateTime.of(2026, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC));
    long n = 0;
    long ok = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      n++;
      if (p.apply(line) != null) {
        ok++;
      }
    }
    return new long[] {n, ok};
  }

  private static String value(String yaml, String key) {
    for (String line : yaml.split("\n")) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).trim().replace("\"", "");
      }
    }
    return "";
  }

  /** The table docs/crowdsec-hub-tests.md. */
  static String markdown(List<Result> results) {
    StringBuilder b = new StringBuilder();
    Map<Status, Integer> counts = new TreeMap<>();
    for (Result r : results) {
      counts.merge(r.status(), 1, Integer::sum);
    }
    b.append("# CrowdSec hub test samples, replayed by patou\n\n");
    b.append("Generated by `CrowdsecHubTest` (re-run: `./mvnw -B -o -q -pl patou-app test -Dtest=CrowdsecHubTest -Dpatou.crowdsec.write=true`)\n");
    b.append("from `../shared/data/auth/crowdsec-hub-tests/tests` (crowdsecurity/hub, MIT). Do not edit by hand.\n\n");
    b.append("For each sample, patou runs the scenarios standing for the sample's CrowdSec scenarios (from `config.yaml`\n");
    b.append("and the `GetScenario()` of `scenario.assert`) over its log with `patou simulate`'s code, and compares\n");
    b.append("the outcome: the number of alerts and the sources they name. A sample marked **matched** must stay\n");
    b.append("matched: `CrowdsecHubTest` fails otherwise.\n\n");
    b.append(String.format(Locale.ROOT, "Totals: %d matched, %d different, %d unsupported, %d parser-only samples (no scenario outcome to compare).%n%n",
        counts.getOrDefault(Status.MATCHED, 0), counts.getOrDefault(Status.DIFFERENT, 0),
        counts.getOrDefault(Status.UNSUPPORTED, 0), counts.getOrDefault(Status.PARSER_ONLY, 0)));
    b.append("| sample | log type | CrowdSec scenarios | patou scenarios | status | detail |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append("| ").append(r.sample()).append(" | ").append(r.logType()).append(" | ")
          .append(String.join(", ", r.crowdsec())).append(" | ").append(String.join(", ", r.patouScenarios()))
          .append(" | ").append(r.status().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(" | ")
          .append(r.detail().replace("|", "\\|")).append(" |\n");
    }
    return b.toString();
  }
}
