package org.patou.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.Cli;
import org.patou.testkit.SharedData;

class EvtxDumpTest {
  @TempDir Path tmp;

  static Path sample() {
    return SharedData.require("evtx/evtx-to-mitre-attack/TA0003-Persistence/T1136-Create account/ID4720-Admin like user created.evtx");
  }

  @Test
  void jsonLinesAndXml() {
    Cli json = Cli.run("evtx", "dump", sample().toString());
    assertThat(json.code()).as(json.toString()).isZero();
    List<String> lines = json.out().lines().toList();
    assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("{\"Event\":{"));
    assertThat(json.out()).contains("\"EventID\":4720").contains("admin-kriss");
    Cli xml = Cli.run("evtx", "dump", "--format", "xml", sample().toString());
    assertThat(xml.code()).isZero();
    assertThat(xml.out().lines().toList()).hasSameSizeAs(lines).allMatch(l -> l.startsWith("<?xml") || l.startsWith("<Event"));
    assertThat(xml.out()).contains("<EventID>4720</EventID>").doesNotContain("\n  ").contains("&#10;");
  }

  @Test
  void badFilesAreNamed() throws IOException {
    Path trunc = tmp.resolve("trunc.evtx");
    Files.write(trunc, Arrays.copyOf(Files.readAllBytes(sample()), 4096 + 20_000));
    Path notEvtx = Files.writeString(tmp.resolve("x.evtx"), "hello");
    Cli some = Cli.run("evtx", "dump", sample().toString(), notEvtx.toString());
    assertThat(some.code()).isEqualTo(1);
    assertThat(some.err()).contains("x.evtx");
    assertThat(some.out()).contains("admin-kriss");
    Cli none = Cli.run("evtx", "dump", notEvtx.toString(), tmp.resolve("missing.evtx").toString());
    assertThat(none.code()).isEqualTo(2);
    Cli t = Cli.run("evtx", "dump", trunc.toString());
    assertThat(t.code()).as(t.toString()).isEqualTo(2);
    assertThat(t.err()).contains("trunc.evtx").contains("truncated");
  }
}
