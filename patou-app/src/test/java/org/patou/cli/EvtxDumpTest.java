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

  @Test
  void theByteOutputIsTheTextOutputInUtf8() throws IOException {
    List<Path> files;
    try (var walk = Files.walk(SharedData.require("evtx"))) {
      files = walk.filter(p -> p.toString().endsWith(".evtx")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    int nonAscii = 0;
    for (Path f : files) {
      for (boolean xml : new boolean[] {false, true}) {
        StringBuilder text = new StringBuilder();
        String textProblem = org.patou.hunt.EvtxSupport.dump(f, xml, text);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        var lines = new org.patou.hunt.EvtxSupport.LineBytes(bytes, xml);
        String bytesProblem = org.patou.hunt.EvtxSupport.dump(f, lines);
        lines.flush();
        assertThat(bytesProblem).isEqualTo(textProblem);
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).as(f + (xml ? " xml" : " json")).isEqualTo(text.toString());
        if (text.chars().anyMatch(c -> c > 127)) {
          nonAscii++;
        }
      }
    }
    assertThat(nonAscii).as("files whose dump has non-ASCII text").isPositive();
  }

  /** The real main: bytes to standard output, and the exit status with or without System.exit. */
  @Test
  void mainPrintsTheSameLinesAndExitsWithTheStatus() throws Exception {
    Path notEvtx = Files.writeString(tmp.resolve("x.evtx"), "hello");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[][] cases = {{sample().toString()}, {sample().toString(), notEvtx.toString()}, {notEvtx.toString()}};
    int[] codes = {0, 1, 2};
    for (int i = 0; i < cases.length; i++) {
      List<String> cmd = new java.util.ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "evtx", "dump"));
      cmd.addAll(List.of(cases[i]));
      Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(Files.readString(tmp.resolve("err.txt"))).isEqualTo(codes[i]);
      assertThat(out).isEqualTo(Cli.run(cmd.subList(4, cmd.size()).toArray(String[]::new)).out());
    }
  }

  /** A reader that goes away (| head) stops the dump with a message instead of decoding for nobody. */
  @Test
  void aClosedOutputStopsTheDump() throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "evtx", "dump"));
    for (int i = 0; i < 2000; i++) {
      cmd.add(sample().toString()); // far more output than a pipe holds
    }
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile()).start();
    byte[] first = p.getInputStream().readNBytes(100);
    p.getInputStream().close();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(new String(first, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"Event\":{");
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(tmp.resolve("err.txt"))).contains("patou: cannot write the output").doesNotContain("cannot read");
  }
}
