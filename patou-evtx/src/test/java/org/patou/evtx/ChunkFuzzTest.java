package org.patou.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.patou.testkit.SharedData;

/**
 * Seeded in-memory fuzzing of one chunk at a time (no file I/O, so many more cases than {@link
 * MutationFuzzTest}): {@link ChunkReader#read} on a mutated real chunk must return, never throw,
 * and every record it returns must render. Seed printed; {@code -Dpatou.fuzz.seed=S}, {@code
 * -Dpatou.fuzz.chunks=N}.
 */
class ChunkFuzzTest {

  private static List<byte[]> chunks() throws IOException {
    List<Path> files = new ArrayList<>(Corpus.evtxFiles(SharedData.require("sigma/regression")));
    files.addAll(Corpus.evtxFiles(SharedData.require("evtx")));
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < files.size() && out.size() < 60; i += 8) {
      try (RandomAccessFile f = new RandomAccessFile(files.get(i).toFile(), "r")) {
        if (f.length() >= 4096 + 65536) {
          byte[] c = new byte[65536];
          f.seek(4096);
          f.readFully(c);
          out.add(c);
        }
      }
    }
    return out;
  }

  @Test
  void mutatedChunksNeverThrow() throws IOException {
    List<byte[]> chunks = chunks();
    assertThat(chunks).hasSizeGreaterThan(20);
    long seed = Long.getLong("patou.fuzz.seed", System.nanoTime());
    int n = Integer.getInteger("patou.fuzz.chunks", 3000);
    System.out.println("ChunkFuzzTest seed " + seed + " (-Dpatou.fuzz.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Path file = Path.of("fuzz.evtx");
    long[] totals = new long[3];
    assertTimeoutPreemptively(
        Duration.ofSeconds(300),
        () -> {
          for (int i = 0; i < n; i++) {
            byte[] c = chunks.get(rnd.nextInt(chunks.size())).clone();
            int edits = 1 + rnd.nextInt(16);
            for (int k = 0; k < edits; k++) {
              int at = 512 + rnd.nextInt(c.length - 516);
              switch (rnd.nextInt(4)) {
                case 0:
                  c[at] ^= (byte) (1 << rnd.nextInt(8));
                  break;
                case 1:
                  c[at] = (byte) rnd.nextInt(256);
                  break;
                case 2: {
                  int v = rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(70_000);
                  at &= ~1;
                  c[at] = (byte) v;
                  c[at + 1] = (byte) (v >> 8);
                  c[at + 2] = (byte) (v >> 16);
                  c[at + 3] = (byte) (v >> 24);
                  break;
                }
                default: {
                  int len = 1 + rnd.nextInt(64);
                  int from = 512 + rnd.nextInt(c.length - 512 - len);
                  System.arraycopy(c, from, c, Math.min(at, c.length - len), len);
                }
              }
            }
            String where = "seed " + seed + ", case " + i;
            ChunkReader.Result r;
            try {
              r = ChunkReader.read(file, 4096, c, c.length, Integer.MAX_VALUE);
              for (EvtxRecord rec : r.records) {
                rec.toJsonBytes();
                rec.toXml();
                rec.event();
              }
            } catch (RuntimeException | StackOverflowError e) {
              throw new AssertionError(where + ": " + e, e);
            }
            totals[0] += r.records.size();
            totals[1] += r.skippedRecords;
            totals[2] += r.warnings.size();
          }
        });
    System.out.printf(
        java.util.Locale.ROOT,
        "ChunkFuzzTest: %d chunks, %d records decoded, %d skipped, %d warnings%n",
        n, totals[0], totals[1], totals[2]);
  }
}
