package org.patou.cli.prevent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.patou.decide.DefaultScenarios;
import org.patou.decide.Scenario;
import org.patou.decide.ScenarioLoader;

/** Loads scenarios: the bundled ones, plus files and folders ({@code *.yaml}, {@code *.yml}). */
final class ScenarioSet {
  private ScenarioSet() {}

  static List<Scenario> load(boolean defaults, List<Path> extra, List<String> only) throws IOException {
    List<Scenario> all = new ArrayList<>(defaults ? DefaultScenarios.load() : List.of());
    for (Path p : extra) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
      for (Path f : files) {
        List<Scenario> loaded = ScenarioLoader.load(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
        // A scenario of the same name replaces the bundled one.
        for (Scenario s : loaded) {
          all.removeIf(x -> x.name().equals(s.name()));
        }
        all.addAll(loaded);
      }
    }
    if (only != null && !only.isEmpty()) {
      all.removeIf(s -> !selected(s, only));
    }
    return all;
  }

  /** True when the scenario's name, or one of its CrowdSec names, is in the list. */
  static boolean selected(Scenario s, List<String> names) {
    for (String n : names) {
      if (s.name().equals(n) || s.crowdsec().stream().anyMatch(c -> c.equalsIgnoreCase(n))) {
        return true;
      }
    }
    return false;
  }
}
