package org.patou.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir Path dir;

  private static Wal.Entry e(String s) {
    return new Wal.Entry(WalRecord.LINE, 42L, "test", s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> all(Wal w, long after) throws IOException {
    List<String> out = new ArrayList<>();
    w.replay(after, r -> out.add(r.seq() + ":" + new String(r.payload(), StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void appendReopenReplay() throws IOException {
    try (Wal w = new Wal(dir, 1 << 20)) {
      assertThat(w.append(List.of(e("a"), e("b")))).isEqualTo(2);
      w.sync(2);
      assertThat(w.append(List.of(e("c")))).isEqualTo(3);
    }
    try (Wal w = new Wal(dir, 1 << 20)) {
      assertThat(w.lastSeq()).isEqualTo(3);
      assertThat(all(w, 0)).containsExactly("1:a", "2:b", "3:c");
      assertThat(all(w, 2)).containsExactly("3:c");
      assertThat(w.append(List.of(e("d")))).isEqualTo(4);
    }
  }

  @Test
  void tornTailIsCutAtOpen() throws IOException {
    try (Wal w = new Wal(dir, 1 << 20)) {
      w.append(List.of(e("one"), e("two")));
    }
    Path seg = Files.list(dir).findFirst().orElseThrow();
    long size = Files.size(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(size - 2); // the crash cut the last record
    }
    try (Wal w = new Wal(dir, 1 << 20)) {
      assertThat(w.lastSeq()).isEqualTo(1);
      assertThat(all(w, 0)).containsExactly("1:one");
      w.append(List.of(e("three")));
      assertThat(all(w, 0)).containsExactly("1:one", "2:three");
    }
  }

  @Test
  void flippedBitInTheLastRecordIsATornTail() throws IOException {
    try (Wal w = new Wal(dir, 1 << 20)) {
      w.append(List.of(e("one"), e("two")));
    }
    Path seg = Files.list(dir).findFirst().orElseThrow();
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(f.length() - 1);
      f.write('X');
    }
    try (Wal w = new Wal(dir, 1 << 20)) {
      assertThat(all(w, 0)).containsExactly("1:one");
    }
  }

  @Test
  void badHeaderNamesFileAndOffset() throws IOException {
    try (Wal w = new Wal(dir, 1 << 20)) {
      w.append(List.of(e("one")));
    }
    Path seg = Files.list(dir).findFirst().orElseThrow();
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(4);
      f.write(9); // version
    }
    assertThatThrownBy(() -> new Wal(dir, 1 << 20)).isInstanceOf(WalCorruptException.class)
        .hasMessageContaining(seg.toString()).hasMessageContaining("offset 4");
  }

  @Test
  void numberingNeverRestartsBelowTheCheckpoint() throws IOException {
    try (Wal w = new Wal(dir, 1 << 20)) {
      w.skipTo(500);
      assertThat(w.append(List.of(e("x")))).isEqualTo(501);
    }
    try (Wal w = new Wal(dir, 1 << 20)) {
      assertThat(w.lastSeq()).isEqualTo(501);
      assertThat(all(w, 0)).containsExactly("501:x");
    }
  }

  @Test
  void rotatesAndDeletesCheckpointedSegments() throws IOException {
    try (Wal w = new Wal(dir, 200)) {
      for (int i = 0; i < 20; i++) {
        w.append(List.of(e("record-" + i)));
      }
      assertThat(w.segmentFiles()).hasSizeGreaterThan(3);
      w.deleteUpTo(15);
      List<String> rest = all(w, 15);
      assertThat(rest).hasSize(5).first().asString().startsWith("16:");
      assertThat(all(w, 0).get(0)).doesNotStartWith("1:");
    }
  }

  @Test
  void randomRoundTrip() throws IOException {
    long seed = System.nanoTime();
    System.out.println("WalTest.randomRoundTrip seed=" + seed);
    Random rnd = new Random(seed);
    List<byte[]> written = new ArrayList<>();
    try (Wal w = new Wal(dir, 4096)) {
      for (int i = 0; i < 200; i++) {
        List<Wal.Entry> batch = new ArrayList<>();
        for (int k = rnd.nextInt(4); k >= 0; k--) {
          byte[] b = new byte[rnd.nextInt(600)];
          rnd.nextBytes(b);
          written.add(b);
          batch.add(new Wal.Entry(WalRecord.RAW, rnd.nextLong(), "s" + rnd.nextInt(3), b));
        }
        w.sync(w.append(batch));
      }
    }
    List<byte[]> read = new ArrayList<>();
    try (Wal w = new Wal(dir, 4096)) {
      w.replay(0, r -> read.add(r.payload()));
    }
    assertThat(read).as("seed " + seed).hasSameSizeAs(written);
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i)).as("seed " + seed + " record " + i).isEqualTo(written.get(i));
    }
  }
}
