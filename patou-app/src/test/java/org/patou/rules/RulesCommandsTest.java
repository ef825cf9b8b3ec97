package org.patou.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.Cli;
import org.patou.testing.Fixtures;

/** {@code rules check} and {@code rules update} over the fake engine. */
class RulesCommandsTest {
  @TempDir Path tmp;

  @Test
  void checkJsonShape() {
    Path rules = Fixtures.rules(tmp.resolve("r"));
    Fixtures.write(rules.resolve("c/bad.yml"), "title: Bad\nid: x\n\ndetection: broken\n");
    Fixtures.write(rules.resolve("c/unsup.yaml"), "title: U\nid: 22222222-0000-0000-0000-000000000009\n# unsupported\n");
    Fixtures.write(rules.resolve("c/readme.txt"), "not a rule");
    Cli r = Cli.run("rules", "check", "--rules", rules.toString(), "--format", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo(
        "{\"files\":5,\"rules\":5,\"loaded\":3,\"unmapped\":0,"
            + "\"unsupported\":[{\"id\":\"22222222-0000-0000-0000-000000000009\",\"file\":\"c/unsup.yaml\",\"reason\":\"uses something unsupported\"}],"
            + "\"invalid\":[{\"file\":\"c/bad.yml\",\"line\":4,\"message\":\"broken here\"}]}");
  }

  @Test
  void checkCountsFilesThatAreNotUtf8AsInvalid() throws IOException {
    Path rules = Fixtures.rules(tmp.resolve("r"));
    Files.write(rules.resolve("latin1.yml"), new byte[] {'t', ':', ' ', (byte) 0xe9, '\n'});
    Cli r = Cli.run("rules", "check", "--rules", rules.toString(), "--format", "json");
    assertThat(r.out()).contains("\"files\":4").contains("{\"file\":\"latin1.yml\",\"line\":0,\"message\":\"not UTF-8 text\"}");
  }

  @Test
  void checkText() {
    Path rules = Fixtures.rules(tmp.resolve("r"));
    Fixtures.write(rules.resolve("bad.yml"), "broken\n");
    Cli r = Cli.run("rules", "check", "--rules", rules.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("loaded            3").contains("Invalid:").contains("bad.yml:1: broken here");
  }

  @Test
  void checkMissingTreeExitsTwo() {
    assertThat(Cli.run("rules", "check", "--rules", tmp.resolve("none").toString()).code()).isEqualTo(2);
  }

  static Path zip(Path file, String... nameAndText) throws IOException {
    try (OutputStream o = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(o)) {
      for (int i = 0; i < nameAndText.length; i += 2) {
        z.putNextEntry(new ZipEntry(nameAndText[i]));
        z.write(nameAndText[i + 1].getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return file;
  }

  @Test
  void updateInstallsAGoodArchiveAndKeepsItOverABadOne() throws IOException {
    Path data = tmp.resolve("data");
    Path rules = Fixtures.rules(tmp.resolve("bundled"));
    Path logs = Fixtures.write(tmp.resolve("logs/a.json"), "{\"process.name\":\"calc.exe\",\"@timestamp\":\"2024-01-01T00:00:00Z\"}\n");
    // Before: the test pins the "bundled" tree through patou.home-less lookup, so compare with --rules.
    Path good = zip(tmp.resolve("sigma_all_rules.zip"),
        "rules/windows/calc.yml", Fixtures.rule("33333333-0000-0000-0000-000000000001", "Calc", "high", "process.name", "calc.exe"),
        "rules/windows/whoami.yml", Fixtures.rule("11111111-0000-0000-0000-000000000001", "Whoami run", "critical", "process.name", "whoami.exe"),
        "rules/windows/broken.yml", "broken",
        "LICENSE", "DRL 1.1",
        "tools/evil.sh", "rm -rf /");
    Cli u = Cli.run("--data", data.toString(), "rules", "update", good.toString());
    assertThat(u.code()).as(u.toString()).isZero();
    assertThat(u.out()).contains("Installed 3 rule files").contains("2 rules load");
    Path set = new RuleStore(data).current();
    assertThat(set).isNotNull();
    assertThat(set.resolve("rules/windows/calc.yml")).exists();
    assertThat(set.resolve("LICENSE")).exists();
    assertThat(set.resolve("tools/evil.sh")).doesNotExist();
    // Hunt now uses the installed set by default.
    Cli h = Cli.run("hunt", "--data", data.toString(), "-q", "--format", "jsonl", logs.toString());
    assertThat(h.code()).as(h.toString()).isZero();
    assertThat(h.out()).contains("\"title\":\"Calc\"");

    // A bad archive (no rule loads) is refused and the installed set stays.
    Path bad = zip(tmp.resolve("bad.zip"), "rules/x.yml", "broken", "rules/y.yml", "broken too");
    Cli b = Cli.run("rules", "update", "--data", data.toString(), bad.toString());
    assertThat(b.code()).isEqualTo(2);
    assertThat(b.err()).contains("none of its 2 rule files loads");
    assertThat(new RuleStore(data).current()).isEqualTo(set);
    // No staging folder left behind.
    try (var s = Files.list(data.resolve("rules/sets"))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }

    // Not a zip, and a zip without rules.
    Path notZip = Fixtures.write(tmp.resolve("notes.zip"), "hello");
    assertThat(Cli.run("--data", data.toString(), "rules", "update", notZip.toString()).code()).isEqualTo(2);
    Path empty = zip(tmp.resolve("empty.zip"), "README.md", "nothing");
    Cli e = Cli.run("--data", data.toString(), "rules", "update", empty.toString());
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("no Sigma rule files");
    assertThat(new RuleStore(data).current()).isEqualTo(set);

    // A second good archive: counts what changed against the installed set.
    Path next = zip(tmp.resolve("next.zip"),
        "rules/windows/calc.yml", Fixtures.rule("33333333-0000-0000-0000-000000000001", "Calc", "medium", "process.name", "calc.exe"),
        "rules/windows/new.yml", Fixtures.rule("33333333-0000-0000-0000-000000000002", "New", "low", "process.name", "new.exe"));
    Cli n = Cli.run("--data", data.toString(), "rules", "update", next.toString());
    assertThat(n.code()).as(n.toString()).isZero();
    assertThat(n.out()).contains("1 added, 2 removed, 1 changed, 0 unchanged");
    assertThat(rules).exists();
  }

  @Test
  void zipSlipIsRefused() throws IOException {
    Path evil = zip(tmp.resolve("evil.zip"), "../../outside.yml", Fixtures.rule("x", "X", "high", "a", "b"));
    Cli r = Cli.run("--data", tmp.resolve("data").toString(), "rules", "update", evil.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("outside");
    assertThat(tmp.resolve("outside.yml")).doesNotExist();
    assertThat(new RuleStore(tmp.resolve("data")).current()).isNull();
  }
}
