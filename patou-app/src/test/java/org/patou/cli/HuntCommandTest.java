package org.patou.cli;

import java.util.Locale;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.Cli;
import org.patou.testing.Fixtures;
import org.patou.testkit.SharedData;

/** The hunt command's plumbing, over the fake engine. */
class HuntCommandTest {
  @TempDir Path tmp;
  Path rules;
  Path logs;

  static String winEvent(String time, String host, String proc) {
    return "{\"@timestamp\":\"" + time + "\",\"host\":{\"name\":\"" + host + "\"},\"process\":{\"name\":\"" + proc + "\"},\"user\":{\"name\":\"alice\"}}\n";
  }

  @BeforeEach
  void setUp() {
    rules = Fixtures.rules(tmp.resolve("rules"));
    logs = tmp.resolve("logs");
    Fixtures.write(
        logs.resolve("good.json"),
        winEvent("2024-03-01T10:00:02Z", "pc1", "whoami.exe") + winEvent("2024-03-01T10:00:01Z", "pc1", "whoami.exe")
            + winEvent("2024-03-01T10:00:03Z", "pc1", "notepad.exe"));
  }

  @Test
  void corruptFileIsNamedAndTheGoodOneStillReported() {
    Fixtures.write(logs.resolve("bad.json"), winEvent("2024-03-01T09:00:00Z", "pc2", "whoami.exe") + "{\"oops\": [1, 2\n");
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "--quiet", logs.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("bad.json").contains("line");
    assertThat(r.out()).contains("good.json");
    // The record before the corruption is still matched.
    assertThat(r.out().lines().filter(l -> l.contains("bad.json")).count()).isEqualTo(1);
    assertThat(r.out().lines().filter(l -> l.contains("good.json")).count()).isEqualTo(2);
  }

  @Test
  void nothingReadableExitsTwo() {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--quiet", tmp.resolve("missing.log").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("missing.log");
  }

  @Test
  void missingPathBesideAGoodOneExitsOne() {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--quiet", tmp.resolve("missing.log").toString(), logs.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("Whoami run");
  }

  @Test
  void binaryFileIsNamed() throws IOException {
    byte[] junk = new byte[1000];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i * 31);
    }
    Files.write(logs.resolve("junk.bin"), junk);
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--quiet", logs.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("junk.bin").contains("binary");
  }

  @Test
  void jsonlLinesHaveRuleTimestampFileAndEvent() throws IOException {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "-q", logs.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    // Ordered by time within the file.
    assertThat(lines.get(0)).contains("\"@timestamp\":\"2024-03-01T10:00:01Z\"");
    assertThat(lines.get(1)).contains("\"@timestamp\":\"2024-03-01T10:00:02Z\"");
    for (String l : lines) {
      List<String> top = topLevelNames(l);
      assertThat(top).contains("@timestamp", "rule", "log.file.path", "event");
      assertThat(l).contains("\"rule\":{\"id\":\"11111111-0000-0000-0000-000000000001\",\"title\":\"Whoami run\",\"level\":\"high\"");
      assertThat(l).contains("\"process.name\":\"whoami.exe\"");
    }
  }

  static List<String> topLevelNames(String json) throws IOException {
    List<String> names = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        names.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
      assertThat(p.nextToken()).isNull();
    }
    return names;
  }

  @Test
  void csvIsRfc4180() {
    Fixtures.write(logs.resolve("odd.json"), "{\"@timestamp\":\"2024-03-01T11:00:00Z\",\"process.name\":\"whoami.exe\",\"host.name\":\"pc,\\\"3\\\"\\nx\"}\n");
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--format", "csv", "-q", logs.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("timestamp,level,rule_id,rule_title,host,user,file,event\r\n");
    assertThat(r.out()).contains(",\"pc,\"\"3\"\"\nx\",");
    assertThat(r.out().split("\r\n", -1)).hasSize(1 + 3 + 1);
  }

  @Test
  void sinceAndUntilFilterByEventTime() {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "-q",
        "--since", "2024-03-01T10:00:02Z", "--until", "2024-03-01 11:00", logs.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().lines().toList()).hasSize(1).allMatch(l -> l.contains("10:00:02Z"));
    Cli paris = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "-q",
        "--timezone", "Europe/Paris", "--until", "2024-03-01 11:00:02", logs.toString());
    assertThat(paris.out().lines().toList()).hasSize(1).allMatch(l -> l.contains("10:00:01Z"));
  }

  @Test
  void minLevelDropsLowerRules() {
    Fixtures.write(logs.resolve("auth.log"), "Feb 12 14:10:21 sd-126005 sshd[16378]: Invalid user pascal from 35.188.49.176 port 53502\n");
    Cli all = Cli.run("hunt", "--rules", rules.toString(), "--min-level", "informational", "--format", "jsonl", "-q", logs.toString());
    assertThat(all.out()).contains("Any sshd line").contains("SSH failure");
    Cli high = Cli.run("hunt", "--rules", rules.toString(), "--min-level", "HIGH", "--format", "jsonl", "-q", logs.toString());
    assertThat(high.out()).doesNotContain("SSH failure").contains("Whoami run");
  }

  @Test
  void syslogIsSniffedWhateverTheExtension() {
    Fixtures.write(logs.resolve("weird.json.txt"),
        "Feb 12 14:10:21 sd-126005 sshd[16378]: Failed password for root from 35.188.49.176 port 53502 ssh2\n");
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "-q", logs.resolve("weird.json.txt").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("SSH failure").contains("\"source.ip\":\"35.188.49.176\"");
  }

  @Test
  void outputIsTheSameWhateverTheThreads() {
    for (int i = 0; i < 30; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 50; j++) {
        sb.append(winEvent(String.format(Locale.ROOT, "2024-03-01T10:%02d:%02dZ", (j * 7) % 60, i % 60), "pc" + i, j % 3 == 0 ? "whoami.exe" : "x"));
      }
      Fixtures.write(logs.resolve("many/f" + i + ".json"), sb.toString());
    }
    Cli one = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "-q", "--threads", "1", logs.toString());
    Cli four = Cli.run("hunt", "--rules", rules.toString(), "--format", "jsonl", "-q", "--threads", "4", logs.toString());
    assertThat(one.code()).isZero();
    assertThat(four.out()).isEqualTo(one.out());
    assertThat(one.out().lines().count()).isEqualTo(2 + 30 * 17);
  }

  @Test
  void textOutputHasTableAndSummary() {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "-q", logs.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("TIME").contains("LEVEL").contains("Whoami run").contains("By level:").contains("By rule:")
        .contains("2 detections in 3 records from 1 of 1 files");
  }

  @Test
  void progressLinesOnStderrUnlessQuiet() {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), logs.toString());
    assertThat(r.err()).contains("patou: done: 1/1 files, 3 records");
    Cli q = Cli.run("hunt", "--rules", rules.toString(), "--quiet", logs.toString());
    assertThat(q.err()).isEmpty();
  }

  @Test
  void reportInAMissingFolderIsAUsageError() {
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "-q", "--report", tmp.resolve("nope/r.html").toString(), logs.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--report").contains("no such directory");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void reportIsWritten() throws IOException {
    Path html = tmp.resolve("out/report.html");
    Files.createDirectories(html.getParent());
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "-q", "--report", html.toString(), logs.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("Whoami run").contains("pc1").contains("alice").contains("<svg");
  }

  @Test
  void evtxFilesAreSniffedAndCorruptOnesNamed() throws IOException {
    Path src = SharedData.require("evtx/evtx-to-mitre-attack/TA0003-Persistence/T1136-Create account/ID4720-Admin like user created.evtx");
    Path ev = tmp.resolve("ev");
    Files.createDirectories(ev);
    byte[] good = Files.readAllBytes(src);
    Files.write(ev.resolve("good.dat"), good);
    Files.write(ev.resolve("trunc.evtx"), java.util.Arrays.copyOf(good, 4096 + 20_000));
    Files.write(logs.resolve("header-only.log"), java.util.Arrays.copyOf("ElfFile\0".getBytes(StandardCharsets.US_ASCII), 100));
    Fixtures.write(rules.resolve("w/4720.yml"),
        Fixtures.rule("44444444-0000-0000-0000-000000004720", "User created", "medium", "Event.System.EventID", "4720"));
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "-q", "--format", "jsonl", ev.toString(), logs.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("trunc.evtx").contains("truncated").contains("header-only.log");
    assertThat(r.err()).doesNotContain("good.dat");
    assertThat(r.out()).contains("\"log.file.path\":\"" + ev.resolve("good.dat") + "\"").contains("User created")
        .contains("\"Event.System.Channel\":\"Security\"").contains("Whoami run");
  }

  @Test
  void evtxOfAChannelNoRuleReadsIsSkipped() throws IOException {
    Path src = SharedData.require("evtx/evtx-to-mitre-attack/TA0003-Persistence/T1136-Create account/ID4720-Admin like user created.evtx");
    Fixtures.write(rules.resolve("w/4720.yml"),
        Fixtures.rule("44444444-0000-0000-0000-000000004720", "User created", "medium", "Event.System.EventID", "4720"));
    Cli read = Cli.run(new org.patou.testing.FakeEngine(java.util.Set.of("System")), "hunt", "--rules", rules.toString(), "-q", src.toString());
    assertThat(read.code()).as(read.toString()).isZero();
    assertThat(read.out()).contains("User created").contains("(0 skipped, 0 unreadable)");
    Cli skipped = Cli.run(new org.patou.testing.FakeEngine(java.util.Set.of("Security")), "hunt", "--rules", rules.toString(), "-q", src.toString());
    assertThat(skipped.code()).as(skipped.toString()).isZero();
    assertThat(skipped.out()).contains("No detections.").contains("from 0 of 1 files (1 skipped, 0 unreadable)");
  }

  @Test
  void textThatIsNotALogIsSkippedAndSaidSo() {
    Fixtures.write(logs.resolve("README.md"), "# Evidence\n\nCollected by the IT provider; whoami.exe ran.\n");
    Cli r = Cli.run("hunt", "--rules", rules.toString(), logs.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("skipped " + logs.resolve("README.md")).contains("not a log");
    assertThat(r.out()).contains("from 1 of 2 files (1 skipped, 0 unreadable)");
    Cli q = Cli.run("hunt", "--rules", rules.toString(), "-q", logs.toString());
    assertThat(q.err()).isEmpty();
  }

  static byte[] gzip(byte[] data) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(bytes)) {
      z.write(data);
    }
    return bytes.toByteArray();
  }

  @Test
  void gzipAndUtf16AreRead() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    Files.write(in.resolve("auth.log.2.gz"), gzip(
        "Feb 12 14:10:21 h sshd[1]: Failed password for root from 35.188.49.176 port 53502 ssh2\n".getBytes(StandardCharsets.UTF_8)));
    Files.write(in.resolve("events.json.gz"), gzip(winEvent("2024-03-01T10:00:02Z", "pc9", "whoami.exe").getBytes(StandardCharsets.UTF_8)));
    byte[] utf16 = ("\uFEFF" + winEvent("2024-03-01T10:00:03Z", "pc16", "whoami.exe")).getBytes(StandardCharsets.UTF_16LE);
    Files.write(in.resolve("export.json"), utf16);
    Files.write(in.resolve("broken.gz"), java.util.Arrays.copyOf(gzip(new byte[100_000]), 60));
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "-q", "--format", "jsonl", in.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("broken.gz").doesNotContain("auth.log.2.gz").doesNotContain("export.json");
    assertThat(r.out()).contains("SSH failure").contains("\"host.name\":\"pc9\"").contains("\"host.name\":\"pc16\"");
  }

  @Test
  void gzippedEvtxIsNamed() throws IOException {
    Path src = SharedData.require("evtx/evtx-to-mitre-attack/TA0003-Persistence/T1136-Create account/ID4720-Admin like user created.evtx");
    Files.write(logs.resolve("sec.evtx.gz"), gzip(Files.readAllBytes(src)));
    Cli r = Cli.run("hunt", "--rules", rules.toString(), "-q", logs.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("sec.evtx.gz").contains("gzip-compressed EVTX");
  }
}
