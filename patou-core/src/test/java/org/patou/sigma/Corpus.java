package org.patou.sigma;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;
import org.patou.testkit.SharedData;

/** The SigmaHQ corpora under ../shared/data/sigma, read for tests and the coverage generator. */
public final class Corpus {
  public static final List<String> RULE_DIRS =
      List.of("rules", "rules-threat-hunting", "rules-emerging-threats");

  private Corpus() {}

  public static Path rulesRepo() {
    return SharedData.require("sigma/rules-repo");
  }

  /** Every rule file, names relative to rules-repo, in a stable order. */
  public static List<RuleSource> ruleFiles() throws IOException {
    Path root = rulesRepo();
    List<RuleSource> out = new ArrayList<>();
    for (String dir : RULE_DIRS) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
          out.add(new RuleSource(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8)));
        }
      }
    }
    return out;
  }

  public static SigmaLoader loadAll(Pipelines pipelines) throws IOException {
    SigmaLoader loader = new SigmaLoader(pipelines, Map.of());
    for (RuleSource f : ruleFiles()) {
      loader.add(f);
    }
    return loader;
  }

  /** One regression case: the rule id info.yml names and the events of the JSON beside it. */
  public record RegressionCase(String folder, String ruleId, String title, List<Event> events) {}

  public static List<RegressionCase> regressionCases() throws IOException {
    Path root = SharedData.require("sigma/regression/regression_data");
    List<RegressionCase> out = new ArrayList<>();
    List<Path> infos;
    try (Stream<Path> s = Files.walk(root)) {
      infos = s.filter(p -> p.getFileName().toString().equals("info.yml")).sorted().toList();
    }
    JsonEventReader reader = new JsonEventReader();
    for (Path info : infos) {
      Path dir = info.getParent();
      List<Path> jsons;
      try (Stream<Path> s = Files.list(dir)) {
        jsons = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      if (jsons.isEmpty()) {
        continue; // the Cisco case has a .raw sample only
      }
      Map<String, String> meta = ruleMeta(Files.readString(info, StandardCharsets.UTF_8));
      List<Event> events = new ArrayList<>();
      for (Path j : jsons) {
        try (InputStream in = Files.newInputStream(j)) {
          reader.readAll(in, events::add);
        }
      }
      out.add(new RegressionCase(root.relativize(dir).toString(), meta.get("id"), meta.get("title"), events));
    }
    return out;
  }

  /** The first rule_metadata entry of an info.yml (id and title), read without a YAML library. */
  private static Map<String, String> ruleMeta(String text) {
    Map<String, String> m = new HashMap<>();
    boolean inMeta = false;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      String t = line.trim();
      if (t.startsWith("rule_metadata:")) {
        inMeta = true;
      } else if (inMeta && (t.startsWith("- id:") || t.startsWith("id:")) && !m.containsKey("id")) {
        m.put("id", t.substring(t.indexOf(':') + 1).trim());
      } else if (inMeta && t.startsWith("title:") && !m.containsKey("title")) {
        m.put("title", t.substring(t.indexOf(':') + 1).trim());
      } else if (!line.startsWith(" ") && !t.isEmpty() && !t.startsWith("rule_metadata")) {
        inMeta = false;
      }
    }
    return m;
  }
}
