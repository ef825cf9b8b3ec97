package org.patou.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.testkit.SharedData;

/**
 * The 202 SigmaHQ regression samples: our JSON and our {@link org.patou.event.Event} for each
 * {@code .evtx} against the {@code .json} beside it, and against the reference reader.
 */
class RegressionCorpusTest {
  /** Edited by hand upstream: matches no reader (see docs/evtx.md). */
  static final String KNOWN_EXCEPTION = "ad691d92-15f2-4181-9aa4-723c74f9ddc3";

  @Test
  void jsonAndEventsMatchTheRegressionJson() throws Exception {
    List<Path> files = Corpus.evtxFiles(SharedData.require("sigma/regression"));
    assertThat(files).hasSize(202);
    List<String> failures = new ArrayList<>();
    int records = 0;
    int exceptionDiffers = 0;
    for (Path file : files) {
      Path jsonFile = file.resolveSibling(file.getFileName().toString().replace(".evtx", ".json"));
      List<Event> expected = Corpus.events(Files.readString(jsonFile, StandardCharsets.UTF_8));
      List<EvtxWarning> warnings = new ArrayList<>();
      List<EvtxRecord> recs = Corpus.read(file, warnings);
      if (!warnings.isEmpty()) {
        failures.add(file + ": warnings " + warnings);
      }
      if (recs.size() != expected.size()) {
        failures.add(file + ": " + recs.size() + " records, JSON has " + expected.size());
        continue;
      }
      boolean known = file.getFileName().toString().startsWith(KNOWN_EXCEPTION);
      for (int i = 0; i < recs.size(); i++) {
        records++;
        String json = recs.get(i).toJson();
        Event fromJson = Corpus.events(json).get(0);
        Event built = recs.get(i).event();
        if (!built.equals(fromJson)) {
          failures.add(file + " #" + i + ": event() differs from JsonEventReader(our JSON):" + Corpus.diff(fromJson, built));
        }
        Event want = Corpus.normalized(expected.get(i));
        Event got = Corpus.normalized(built);
        if (known) {
          if (!want.equals(got)) {
            exceptionDiffers++;
          }
        } else if (!want.equals(got)) {
          failures.add(file + " #" + i + ":" + Corpus.diff(want, got));
        }
      }
    }
    System.out.printf(java.util.Locale.ROOT, 
        "regression corpus: %d files, %d records, %d mismatches, known exception differs: %s%n",
        files.size(), records, failures.size(), exceptionDiffers > 0);
    assertThat(failures).isEmpty();
    assertThat(records).isGreaterThanOrEqualTo(202);
  }

  @Test
  void jsonMatchesTheReferenceReaderExactly() throws Exception {
    List<Path> files = Corpus.evtxFiles(SharedData.require("sigma/regression"));
    Assumptions.assumeTrue(ReferenceDump.binary() != null, "skipped: ../shared/tools/evtx-rust/evtx_dump is absent");
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      List<EvtxRecord> recs = Corpus.read(file, new ArrayList<>());
      List<String> ref = ReferenceDump.jsonl(file);
      if (ref.size() != recs.size()) {
        failures.add(file + ": " + recs.size() + " records, evtx_dump " + ref.size());
        continue;
      }
      for (int i = 0; i < ref.size(); i++) {
        Event want = Corpus.events(ref.get(i)).get(0);
        Event got = recs.get(i).event();
        if (!want.equals(got)) {
          failures.add(file + " #" + i + ":" + Corpus.diff(want, got));
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
