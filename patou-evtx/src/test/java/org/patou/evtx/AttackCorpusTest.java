package org.patou.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.testkit.SharedData;

/** The 281 files of real attacks under {@code ../shared/data/evtx}. */
class AttackCorpusTest {

  private static List<Path> files() {
    List<Path> files = Corpus.evtxFiles(SharedData.require("evtx"));
    assertThat(files).hasSize(281);
    return files;
  }

  @Test
  void everyFileReadsCleanlyWithTheRecordCountOfItsHeaders() {
    List<String> failures = new ArrayList<>();
    long total = 0;
    for (Path file : files()) {
      List<EvtxWarning> warnings = new ArrayList<>();
      long[] count = {0};
      EvtxReadStats stats;
      try (EvtxFile f = EvtxFile.open(file)) {
        stats = f.records(EvtxOptions.singleThreaded().withWarnings(warnings::add), r -> count[0]++);
      }
      total += count[0];
      if (!warnings.isEmpty()) {
        failures.add(file + ": " + warnings);
      }
      if (count[0] != stats.expectedRecords() || stats.skippedRecords() != 0 || stats.skippedChunks() != 0) {
        failures.add(file + ": " + count[0] + " records, headers declare " + stats.expectedRecords() + " " + stats);
      }
    }
    System.out.printf(java.util.Locale.ROOT, "attack corpus: %d files, %d records, %d failures%n", files().size(), total, failures.size());
    assertThat(failures).isEmpty();
  }

  @Test
  void jsonAndXmlEqualTheReferenceReader() throws Exception {
    List<Path> files = files();
    Assumptions.assumeTrue(ReferenceDump.binary() != null, "skipped: ../shared/tools/evtx-rust/evtx_dump is absent");
    List<String> failures = new ArrayList<>();
    long records = 0;
    for (Path file : files) {
      List<EvtxRecord> recs = Corpus.read(file, new ArrayList<>());
      List<String> ref = ReferenceDump.jsonl(file);
      if (ref.size() != recs.size()) {
        failures.add(file + ": " + recs.size() + " records, evtx_dump " + ref.size());
        continue;
      }
      StringBuilder xml = new StringBuilder();
      for (int i = 0; i < ref.size(); i++) {
        records++;
        Event want = Corpus.events(ref.get(i)).get(0);
        Event got = recs.get(i).event();
        if (!want.equals(got)) {
          failures.add(file + " #" + i + ":" + Corpus.diff(want, got));
        }
        xml.append("Record ").append(recs.get(i).recordId()).append('\n').append(recs.get(i).toXml()).append('\n');
      }
      if (!xml.toString().equals(ReferenceDump.run(file, "xml"))) {
        failures.add(file + ": XML differs from evtx_dump -o xml");
      }
    }
    System.out.printf(java.util.Locale.ROOT, "attack corpus vs evtx_dump: %d records, %d failures%n", records, failures.size());
    assertThat(failures).isEmpty();
  }

  @Test
  void parallelDecodingDeliversTheSameRecordsInOrder() {
    List<Path> largest =
        files().stream().sorted(Comparator.comparingLong(AttackCorpusTest::size).reversed()).limit(5).toList();
    for (Path file : largest) {
      List<String> one = new ArrayList<>();
      List<String> many = new ArrayList<>();
      List<String> callers = new ArrayList<>();
      try (EvtxFile f = EvtxFile.open(file)) {
        f.records(EvtxOptions.singleThreaded(), r -> one.add(r.toJson()));
        f.records(EvtxOptions.defaults().withThreads(3), EvtxRecord::toJson, many::add);
        f.records(
            EvtxOptions.defaults().withExecutor(java.util.concurrent.ForkJoinPool.commonPool()),
            r -> callers.add(r.toJson()));
      }
      assertThat(many).as(file.toString()).isEqualTo(one);
      assertThat(callers).as(file.toString()).isEqualTo(one);
    }
  }

  @Test
  void channelsComeFromAFewRecords() {
    Path file = largestFile();
    try (EvtxFile f = EvtxFile.open(file)) {
      List<String> all = new ArrayList<>();
      f.records(EvtxOptions.singleThreaded(), r -> {
        if (!all.contains(r.channel())) {
          all.add(r.channel());
        }
      });
      assertThat(f.channels(4)).isNotEmpty().isSubsetOf(all);
    }
  }

  private static Path largestFile() {
    return files().stream().max(Comparator.comparingLong(AttackCorpusTest::size)).orElseThrow();
  }

  private static long size(Path p) {
    return p.toFile().length();
  }
}
