package org.patou.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.event.EventParseException;
import org.patou.evtx.SyntheticEvtx.Sub;

/** Opening, headers, checksums and the errors for files that are not (whole) EVTX. */
class EvtxFileTest {
  @TempDir Path tmp;

  private Path synthetic(String name) throws Exception {
    List<Sub> subs = List.of(new Sub(0x01, SyntheticEvtx.utf16("value")));
    byte[] one = SyntheticEvtx.record(536, subs, null);
    Path p = tmp.resolve(name);
    Files.write(p, SyntheticEvtx.file(List.of(one)));
    return p;
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsHeaderAndRecords() throws Exception {
    Path p = synthetic("ok.evtx");
    try (EvtxFile f = EvtxFile.open(p)) {
      EvtxFileHeader h = f.header();
      assertThat(h.majorVersion()).isEqualTo(3);
      assertThat(h.chunkCount()).isEqualTo(1);
      assertThat(h.chunksInFile()).isEqualTo(1);
      assertThat(h.checksumOk()).isTrue();
      assertThat(h.dirty()).isFalse();
      List<EvtxRecord> recs = new ArrayList<>();
      EvtxReadStats s = f.records(EvtxOptions.defaults(), recs::add);
      assertThat(s.records()).isEqualTo(1);
      assertThat(s.expectedRecords()).isEqualTo(1);
      assertThat(s.warnings()).isZero();
      assertThat(recs.get(0).toJson()).contains("\"t0\":\"value\"");
      assertThat(f.channels(3)).containsExactly("Synthetic");
    }
  }

  @Test
  void zeroLengthRandomAndTextFilesAreClearErrors() throws Exception {
    byte[] random = new byte[100_000];
    new Random(7).nextBytes(random);
    for (Path p :
        List.of(
            write("empty.evtx", new byte[0]),
            write("random.evtx", random),
            write("text.evtx", "not an event log\n".getBytes(StandardCharsets.UTF_8)))) {
      assertThatThrownBy(() -> EvtxFile.open(p))
          .isInstanceOf(EvtxException.class)
          .isInstanceOf(EventParseException.class)
          .hasMessageContaining(p.toString())
          .hasMessageContaining("offset 0");
    }
    assertThatThrownBy(() -> EvtxFile.open(tmp.resolve("missing.evtx"))).isInstanceOf(EvtxException.class);
  }

  @Test
  void truncatedFilesDeliverWhatIsReadableThenFail() throws Exception {
    byte[] whole = Files.readAllBytes(synthetic("whole.evtx"));
    Path header = write("short.evtx", Arrays.copyOf(whole, 2000));
    assertThatThrownBy(() -> EvtxFile.open(header)).isInstanceOf(EvtxException.class).hasMessageContaining("truncated");
    Path cut = write("cut.evtx", Arrays.copyOf(whole, 4096 + 30_000));
    List<EvtxRecord> recs = new ArrayList<>();
    try (EvtxFile f = EvtxFile.open(cut)) {
      assertThatThrownBy(() -> f.records(EvtxOptions.singleThreaded(), recs::add))
          .isInstanceOf(EvtxException.class)
          .hasMessageContaining(cut.toString())
          .hasMessageContaining("truncated");
    }
    assertThat(recs).hasSize(1);
  }

  @Test
  void badChecksumsWarnAndStillRead() throws Exception {
    byte[] b = Files.readAllBytes(synthetic("crc.evtx"));
    b[100] ^= 1; // file header, inside the CRC-covered bytes
    b[4096 + 60] ^= 1; // chunk header, inside its CRC
    b[4096 + 512 + 24 + 3] ^= 0; // records unchanged
    Path p = write("crc-bad.evtx", b);
    List<EvtxWarning> warnings = new ArrayList<>();
    List<EvtxRecord> recs = new ArrayList<>();
    try (EvtxFile f = EvtxFile.open(p)) {
      assertThat(f.header().checksumOk()).isFalse();
      f.records(EvtxOptions.singleThreaded().withWarnings(warnings::add), recs::add);
      assertThatThrownBy(() -> f.records(EvtxOptions.singleThreaded().withStrict(true), r -> {}))
          .isInstanceOf(EvtxException.class)
          .hasMessageContaining("checksum");
    }
    assertThat(recs).hasSize(1);
    assertThat(warnings).extracting(EvtxWarning::message)
        .anyMatch(m -> m.contains("file header checksum"))
        .anyMatch(m -> m.contains("chunk header checksum"));
    assertThat(warnings).allMatch(w -> w.file().equals(p) && w.offset() >= 0);
  }

  @Test
  void aBadRecordIsSkippedAndTheRestRead() throws Exception {
    List<Sub> subs = List.of(new Sub(0x01, SyntheticEvtx.utf16("v")));
    byte[] first = SyntheticEvtx.record(536, subs, null);
    int step = 24 + first.length + 4; // every record has the same size
    byte[] second = SyntheticEvtx.record(536 + step, subs, null);
    second[4] = 0x7f; // an unknown token where the template instance starts
    byte[] third = SyntheticEvtx.record(536 + 2 * step, subs, null);
    Path p = write("bad-record.evtx", SyntheticEvtx.file(List.of(first, second, third)));
    List<EvtxWarning> warnings = new ArrayList<>();
    List<EvtxRecord> recs = new ArrayList<>();
    try (EvtxFile f = EvtxFile.open(p)) {
      EvtxReadStats s = f.records(EvtxOptions.singleThreaded().withWarnings(warnings::add), recs::add);
      assertThat(s.skippedRecords()).isEqualTo(1);
    }
    assertThat(recs).extracting(EvtxRecord::recordId).containsExactly(1L, 3L);
    assertThat(warnings).singleElement().satisfies(w -> assertThat(w.message()).contains("record 2"));
  }

  @Test
  void arrayCrossProductsAndLargeExpansionsAreCapped() throws Exception {
    // Two 1000-item arrays in one element: a million copies if expanded; capped per record.
    byte[] items = new byte[2000];
    List<Sub> subs = List.of(new Sub(0x84, items), new Sub(0x84, items));
    java.util.function.Consumer<SyntheticEvtx.Writer> pair =
        w -> w.open("Pair", false, true).u8(0x02).sub(0, 0x84, false).sub(1, 0x84, false).u8(0x04);
    byte[] first = SyntheticEvtx.record(536, subs, pair);
    int step = 24 + first.length + 4;
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; 512 + (i + 1) * step < 65536 - 64; i++) {
      records.add(SyntheticEvtx.record(536 + i * step, subs, pair));
    }
    Path p = write("cross.evtx", SyntheticEvtx.file(records));
    List<EvtxWarning> warnings = new ArrayList<>();
    long start = System.nanoTime();
    try (EvtxFile f = EvtxFile.open(p)) {
      EvtxReadStats s = f.records(EvtxOptions.singleThreaded().withWarnings(warnings::add), r -> r.toJson());
      assertThat(s.records()).isZero();
    }
    assertThat(warnings).isNotEmpty().allMatch(w -> w.message().contains("elements"));
    assertThat(warnings.get(warnings.size() - 1).message()).contains("rest of the chunk skipped");
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
  }
}
