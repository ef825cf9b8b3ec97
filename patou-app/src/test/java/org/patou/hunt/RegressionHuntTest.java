package org.patou.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.patou.testing.Cli;
import org.patou.testkit.SharedData;

/**
 * End to end with the real engine: {@code patou hunt} over SigmaHQ's regression samples (each
 * {@code .json} and its {@code .evtx} twin) with the bundled rules must report, for every sample,
 * the rule it was made for.
 */
class RegressionHuntTest {
  private static final Pattern RULE_ID = Pattern.compile("(?m)^\\s+- id: ([0-9a-f-]{36})");

  @Test
  void everySampleFiresItsRule() throws IOException {
    Path regression = SharedData.require("sigma/regression/regression_data");
    Path rules = SharedData.projectRoot().resolve("rules/sigmahq");
    Cli r = Cli.run(org.patou.testing.CachedSigmaEngine.INSTANCE, "hunt", "--rules", rules.toString(), "--min-level", "informational",
        "--format", "jsonl", "--quiet", regression.toString());
    // The Cisco sample is a .raw text file: read as text, no error expected. Exit 0: every file read.
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Set<String>> firedByFile = new HashMap<>();
    JsonFactory f = new JsonFactory();
    for (String line : r.out().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String file = null;
      String id = null;
      try (JsonParser p = f.createParser(line)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (name.equals("log.file.path")) {
            file = p.getText();
          } else if (name.equals("rule")) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String n = p.currentName();
              p.nextToken();
              if (n.equals("id")) {
                id = p.getText();
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      }
      firedByFile.computeIfAbsent(file, k -> new HashSet<>()).add(id);
    }
    List<Path> infos = new ArrayList<>();
    try (Stream<Path> s = Files.walk(regression)) {
      s.filter(p -> p.getFileName().toString().equals("info.yml")).sorted().forEach(infos::add);
    }
    int checked = 0;
    Set<String> missed = new TreeSet<>();
    for (Path info : infos) {
      Matcher m = RULE_ID.matcher(Files.readString(info, StandardCharsets.UTF_8));
      if (!m.find()) {
        continue;
      }
      String id = m.group(1);
      try (Stream<Path> s = Files.list(info.getParent())) {
        for (Path sample : s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".evtx")).toList()) {
          checked++;
          Set<String> fired = firedByFile.getOrDefault(sample.toString(), Set.of());
          if (!fired.contains(id)) {
            missed.add(regression.relativize(sample).toString());
          }
        }
      }
    }
    assertThat(checked).isEqualTo(404);
    assertThat(missed).as("samples whose rule did not fire (of %d)", checked).isEmpty();
  }
}
