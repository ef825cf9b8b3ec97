package org.patou.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.patou.inventory.PackageLists;
import org.patou.inventory.ParseException;
import org.patou.inventory.Software;
import org.patou.testkit.SharedData;

/** Alpine secdb import and matching against the real secdb in ../shared/data/vuln/alpine-secdb. */
class AlpineSecdbTest {

  static FeedData load(String release, String repo) throws IOException, ParseException {
    Path f = SharedData.require("vuln/alpine-secdb/" + release + "/" + repo + ".yaml");
    try (InputStream in = Files.newInputStream(f)) {
      return AlpineSecdbParser.parse(f.toString(), in);
    }
  }

  static List<Software> fixture(String name) throws IOException, ParseException {
    String text = resource("fixtures/alpine-3.11/" + name + "-installed");
    List<Software> out = new ArrayList<>();
    for (Software s : PackageLists.apkInstalled(name, text)) {
      out.add(new Software(s.name(), s.version(), "alpine:3.11", s.sourceName(), null));
    }
    return out;
  }

  static String resource(String path) throws IOException {
    try (InputStream in = AlpineSecdbTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void fixturesGiveExactlyTheExpectedFindings() throws Exception {
    FeedData secdb = load("v3.11", "main");
    assertThat(secdb.key()).isEqualTo("alpine-secdb:alpine:3.11/main");
    Matcher m = new Matcher(secdb.advisories());
    Set<String> actual = new TreeSet<>();
    for (String asset : List.of("below", "at-fixed", "backport")) {
      for (Finding f : m.match(asset, fixture(asset))) {
        actual.add(String.join("\t", f.asset(), f.pkg(), f.installed(), f.vulnerability(), f.fixed()));
      }
    }
    Set<String> expected = new TreeSet<>();
    for (String l : resource("fixtures/alpine-3.11/expected-findings.tsv").split("\n")) {
      if (!l.isBlank() && !l.startsWith("#")) {
        expected.add(l.strip());
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(m.unparsable()).isZero();
  }

  /**
   * Every (package, fixed version, CVE) of every release: one step below the fixed version the CVE
   * is reported; at the fixed version no finding of that package needs a fix at or below it.
   */
  @Test
  void everySecdbEntryIsReportedBelowAndFixedAt() throws Exception {
    Path root = SharedData.require("vuln/alpine-secdb");
    Versions v = new Versions();
    int checked = 0;
    int skipped = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(18);
    for (Path f : files) {
      FeedData feed;
      try (InputStream in = Files.newInputStream(f)) {
        feed = AlpineSecdbParser.parse(f.toString(), in);
      }
      Matcher m = new Matcher(feed.advisories());
      for (Advisory a : feed.advisories()) {
        String fixed = a.ranges().get(0).fixed();
        String below = below(fixed);
        if (v.parse("apk", fixed) == null || v.parse("apk", below) == null || v.compare("apk", below, fixed) >= 0) {
          skipped++;
          continue;
        }
        String ns = a.namespace();
        List<Finding> atBelow = m.match("x", List.of(new Software(a.pkg(), below, ns, null, null)));
        assertThat(atBelow).as("%s %s %s below %s", f, a.pkg(), a.id(), fixed)
            .anySatisfy(x -> assertThat(x.vulnerability()).isEqualTo(a.cveOrId()));
        for (Finding x : m.match("x", List.of(new Software(a.pkg(), fixed, ns, null, null)))) {
          assertThat(v.compare("apk", x.fixed(), fixed)).as("%s at %s: %s", a.pkg(), fixed, x).isPositive();
        }
        checked++;
      }
    }
    System.out.printf(java.util.Locale.ROOT, "alpine secdb: %d entries checked, %d skipped%n", checked, skipped);
    assertThat(checked).isGreaterThan(5000);
    assertThat(skipped).isLessThan(checked / 100);
  }

  /** One step below an apk version: -rN becomes -r(N-1); -r0 or no release gets a _rc0 suffix. */
  static String below(String fixed) {
    int r = fixed.lastIndexOf("-r");
    if (r > 0 && fixed.substring(r + 2).matches("\\d+")) {
      int n = Integer.parseInt(fixed.substring(r + 2));
      if (n > 0) {
        return fixed.substring(0, r) + "-r" + (n - 1);
      }
      return fixed.substring(0, r) + "_rc0-r0";
    }
    return fixed + "_rc0";
  }

  @Test
  void malformedSecdbNamesFileAndRecord() {
    String bad = "distroversion: v3.11\nreponame: main\npackages:\n  - pkg:\n      name: ok\n      secfixes:\n"
        + "        1.0-r0:\n          - CVE-2020-0001\n  - pkg:\n      secfixes: {}\n";
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> AlpineSecdbParser.parse("bad.yaml",
        new java.io.ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)))))
        .isInstanceOf(ParseException.class).hasMessageContaining("bad.yaml").hasMessageContaining("packages[1]");
  }
}
