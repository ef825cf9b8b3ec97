package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.sigma.match.Detector;
import org.patou.sigma.optimise.Optimiser;
import org.patou.sigma.parse.ParsedDoc;
import org.patou.sigma.parse.RuleFileParser;
import org.patou.sigma.parse.ValueParser;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;

/**
 * Walks src/test/resources/cases: each folder holds {@code rule.yml} (one or more documents),
 * {@code events.jsonl} and {@code expected.txt} ({@code <event index> <rule title>} per expected
 * detection). Every case runs three ways that must agree with the expected hits: the optimised
 * matcher with prefilter, the plain matcher without, and the reference interpreter.
 */
class CaseFolderTest {
  static final Map<String, List<String>> PLACEHOLDERS = Map.of("Admins", List.of("adm_*", "root"));

  static Path casesDir() throws URISyntaxException {
    return Paths.get(CaseFolderTest.class.getResource("/cases").toURI());
  }

  @TestFactory
  Stream<DynamicTest> cases() throws Exception {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(casesDir())) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(dirs).hasSizeGreaterThan(50);
    return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> run(d)));
  }

  static void run(Path dir) throws IOException {
    RuleSource src =
        new RuleSource(dir.getFileName() + "/rule.yml", Files.readString(dir.resolve("rule.yml"), StandardCharsets.UTF_8));
    List<Event> events = new ArrayList<>();
    new JsonEventReader()
        .readAll(new java.io.ByteArrayInputStream(Files.readAllBytes(dir.resolve("events.jsonl"))), events::add);
    Set<String> expected = new TreeSet<>(Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8));
    expected.remove("");

    SigmaLoader loader = new SigmaLoader(Pipelines.none(), PLACEHOLDERS);
    loader.add(src);
    assertThat(loader.report().invalid()).isEmpty();
    assertThat(loader.report().unsupported()).isEmpty();
    Detector optimised = loader.compile(DetectorOptions.defaults());
    Detector plain = loader.compile(DetectorOptions.defaults(), Optimiser.none(), false);
    assertThat(hits(optimised, events)).as("optimised + prefilter").isEqualTo(expected);
    assertThat(hits(plain, events)).as("plain").isEqualTo(expected);

    // The reference interpreter, on rules no meta filter touches.
    List<RuleFileParser.Outcome> docs = new RuleFileParser(new ValueParser(PLACEHOLDERS)).parse(src);
    Set<String> filtered = new java.util.HashSet<>();
    docs.stream().filter(o -> o.doc() instanceof ParsedDoc.Filter).forEach(o -> filtered.addAll(((ParsedDoc.Filter) o.doc()).rules()));
    Set<String> ref = new TreeSet<>();
    Set<String> expectedUnfiltered = new TreeSet<>();
    for (RuleFileParser.Outcome o : docs) {
      if (o.doc() instanceof ParsedDoc.Rule r && !filtered.contains(r.info().id())) {
        for (int i = 0; i < events.size(); i++) {
          if (ReferenceInterpreter.eval(r.detection(), events.get(i))) {
            ref.add(i + " " + r.info().title());
          }
        }
        expected.stream().filter(x -> x.endsWith(" " + r.info().title())).forEach(expectedUnfiltered::add);
      }
    }
    assertThat(ref).as("reference interpreter").isEqualTo(expectedUnfiltered);
  }

  static Set<String> hits(Detector d, List<Event> events) {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < events.size(); i++) {
      int idx = i;
      d.match(events.get(i), det -> out.add(idx + " " + det.rule().title()));
    }
    return out;
  }
}
