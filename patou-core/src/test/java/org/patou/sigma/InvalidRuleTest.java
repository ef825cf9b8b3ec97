package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.patou.event.EventBuilder;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleProblem;
import org.patou.sigma.rule.RuleSource;

/**
 * Must-show 3: each src/test/resources/invalid/<reason>.yml starts with {@code # expect: line N:
 * message}; loading it gives exactly one problem naming the file and that line, with the message;
 * the file's other documents, and other files, still load.
 */
class InvalidRuleTest {
  static final RuleSource GOOD =
      new RuleSource("good.yml", "title: good\nlogsource: {product: test}\ndetection:\n  s:\n    A: 1\n  condition: s\n");

  @TestFactory
  Stream<DynamicTest> invalidFiles() throws Exception {
    Path dir = Paths.get(InvalidRuleTest.class.getResource("/invalid").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  static void check(Path f) throws Exception {
    String text = Files.readString(f, StandardCharsets.UTF_8);
    String header = text.lines().findFirst().orElseThrow();
    assertThat(header).startsWith("# expect: line ");
    String rest = header.substring("# expect: line ".length());
    int line = Integer.parseInt(rest.substring(0, rest.indexOf(':')));
    String message = rest.substring(rest.indexOf(':') + 1).trim();
    String name = "invalid/" + f.getFileName();
    SigmaLoader loader = new SigmaLoader(Pipelines.none(), Map.of());
    loader.add(new RuleSource(name, text));
    loader.add(GOOD);
    LoadReport r = loader.report();
    List<RuleProblem> problems = new ArrayList<>(r.invalid());
    problems.addAll(r.unsupported());
    assertThat(problems).hasSize(1);
    RuleProblem p = problems.get(0);
    assertThat(p.file()).isEqualTo(name);
    assertThat(p.line()).as(p.toString()).isEqualTo(line);
    assertThat(p.message()).contains(message);
    assertThat(r.loaded()).extracting(i -> i.title()).contains("good");
    int docs = 1 + (int) text.lines().filter(l -> l.equals("---")).count();
    assertThat(r.loadedCount()).isEqualTo(docs); // the good file plus the file's valid documents
  }

  /** A catastrophic-backtracking pattern is linear on RE2J: matching cannot stall. */
  @Test
  void hostileRegexCannotStall() {
    SigmaLoader loader = new SigmaLoader(Pipelines.none(), Map.of());
    loader.add(
        new RuleSource(
            "hostile.yml",
            "title: hostile\nlogsource: {product: test}\ndetection:\n  s:\n    A|re: '(a+)+$'\n"
                + "  t:\n    B|re: '^(a|aa)+$'\n  condition: s or t\n"));
    assertThat(loader.report().loadedCount()).isEqualTo(1);
    Detector d = loader.compile(DetectorOptions.defaults());
    String evil = "a".repeat(50_000) + "!";
    List<Detection> out = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 20; i++) {
            d.match(new EventBuilder().add("A", evil).add("B", evil).build(), out::add);
          }
        });
    // (a+)+$ finds "a" runs anchored at the end only if the value ends in a's: here it does not.
    assertThat(out).isEmpty();
  }
}
