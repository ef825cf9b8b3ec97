package org.patou.evtx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testkit.SharedData;

/**
 * A seeded mutation fuzzer over real EVTX files: bit flips, byte runs, field smashes, splices,
 * truncations, chunk swaps, random bytes, zero length. Reading a mutated file must end, within a
 * time limit, either normally (corruption reported as warnings) or with an {@link EvtxException};
 * anything else fails the test, printing the seed. Rerun one case with {@code
 * -Dpatou.fuzz.seed=S}; more cases with {@code -Dpatou.fuzz.iterations=N}.
 */
class MutationFuzzTest {
  private static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 512, 24, 4096};

  @TempDir Path tmp;

  private static List<byte[]> seeds() throws IOException {
    List<Path> files = new ArrayList<>(Corpus.evtxFiles(SharedData.require("sigma/regression")));
    files.addAll(Corpus.evtxFiles(SharedData.require("evtx")));
    files.sort(Comparator.comparingLong(p -> p.toFile().length()));
    List<byte[]> out = new ArrayList<>();
    // Small one-chunk files (templates, nested BinXML, arrays) and a few multi-chunk ones.
    for (Path p : files) {
      long len = p.toFile().length();
      if (out.size() < 12 && len <= 4096 + 65536) {
        out.add(Files.readAllBytes(p));
      }
    }
    int multi = 0;
    for (Path p : files) {
      long len = p.toFile().length();
      if (multi < 3 && len >= 4096 + 3 * 65536 && len <= 4096 + 6 * 65536) {
        out.add(Files.readAllBytes(p));
        multi++;
      }
    }
    // The template-less records (values written inline).
    for (Path p : files) {
      if (p.getFileName().toString().startsWith("ID1151-Defender health status")) {
        out.add(Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void mutatedFilesEndCleanlyOrWithEvtxException() throws IOException {
    List<byte[]> seeds = seeds();
    long seed = Long.getLong("patou.fuzz.seed", System.nanoTime());
    int iterations = Integer.getInteger("patou.fuzz.iterations", 600);
    System.out.println("MutationFuzzTest seed " + seed + " (-Dpatou.fuzz.seed=" + seed + ")");
    Random rnd = new Random(seed);
    int errors = 0;
    for (int i = 0; i < iterations; i++) {
      byte[] base = seeds.get(rnd.nextInt(seeds.size()));
      int kind = rnd.nextInt(9);
      byte[] m = mutate(rnd, base, kind);
      Path file = tmp.resolve("case-" + (i % 4) + ".evtx");
      Files.write(file, m);
      int threads = rnd.nextInt(4) == 0 ? 2 : 1;
      String where = "seed " + seed + ", iteration " + i + ", mutation " + kind;
      boolean[] failed = {false};
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            try {
              readEverything(file, threads);
            } catch (EvtxException e) {
              failed[0] = true;
              assertThat(e.getMessage()).contains(file.toString());
            } catch (Throwable t) {
              fail(where + ": " + t, t);
            }
          },
          where);
      if (failed[0]) {
        errors++;
      }
    }
    System.out.println("MutationFuzzTest: " + iterations + " cases, " + errors + " EvtxException");
  }

  private static void readEverything(Path file, int threads) {
    try (EvtxFile f = EvtxFile.open(file)) {
      f.header();
      f.channels(3);
      f.records(
          EvtxOptions.defaults().withThreads(threads).withWarnings(
              w -> {
                assertThat(w.file()).isEqualTo(file);
                // The safety net in EvtxFile must never be what caught a bad input.
                assertThat(w.message()).doesNotContain("decoder failure");
              }),
          r -> {
            r.toJson();
            r.toXml();
            r.event();
            r.channel();
            r.eventId();
            r.timestamp();
          });
    }
  }

  static byte[] mutate(Random rnd, byte[] base, int kind) {
    byte[] m = base.clone();
    int dataFrom = Math.min(m.length - 1, 4096 + 512);
    switch (kind) {
      case 0: { // bit flips, mostly in record data
        int n = 1 + rnd.nextInt(32);
        for (int k = 0; k < n; k++) {
          int at = rnd.nextInt(4) == 0 ? rnd.nextInt(m.length) : dataFrom + rnd.nextInt(m.length - dataFrom);
          m[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        return m;
      }
      case 1: { // a run of random bytes
        int at = dataFrom + rnd.nextInt(m.length - dataFrom);
        int n = Math.min(m.length - at, 1 + rnd.nextInt(64));
        for (int k = 0; k < n; k++) {
          m[at + k] = (byte) rnd.nextInt(256);
        }
        return m;
      }
      case 2: { // smash aligned 16/32-bit fields with boundary values
        int n = 1 + rnd.nextInt(8);
        for (int k = 0; k < n; k++) {
          int at = (rnd.nextInt(m.length - 4)) & ~1;
          int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
          m[at] = (byte) v;
          m[at + 1] = (byte) (v >> 8);
          if (rnd.nextBoolean()) {
            m[at + 2] = (byte) (v >> 16);
            m[at + 3] = (byte) (v >> 24);
          }
        }
        return m;
      }
      case 3: { // splice: copy one range over another
        int len = 1 + rnd.nextInt(256);
        int from = rnd.nextInt(Math.max(1, m.length - len));
        int to = rnd.nextInt(Math.max(1, m.length - len));
        System.arraycopy(base, from, m, to, Math.min(len, m.length - Math.max(from, to)));
        return m;
      }
      case 4: // truncation
        return java.util.Arrays.copyOf(m, rnd.nextInt(m.length + 1));
      case 5: { // swap two chunks (or a chunk with the header)
        int chunks = (m.length - 4096) / 65536;
        if (chunks >= 2) {
          int a = rnd.nextInt(chunks);
          int b = rnd.nextInt(chunks);
          byte[] t = new byte[65536];
          System.arraycopy(m, 4096 + a * 65536, t, 0, 65536);
          System.arraycopy(m, 4096 + b * 65536, m, 4096 + a * 65536, 65536);
          System.arraycopy(t, 0, m, 4096 + b * 65536, 65536);
        } else {
          System.arraycopy(base, 0, m, 4096, Math.min(4096, m.length - 4096));
        }
        return m;
      }
      case 6: { // random bytes, sometimes behind real signatures
        byte[] r = new byte[rnd.nextInt(3 * 65536)];
        rnd.nextBytes(r);
        if (rnd.nextBoolean() && r.length >= 4096 + 8) {
          System.arraycopy(base, 0, r, 0, 128);
          System.arraycopy("ElfChnk".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, r, 4096, 7);
          r[4096 + 7] = 0;
        }
        return r;
      }
      case 7: // zero length
        return new byte[0];
      default: { // many flips inside one record's BinXML (past the CRC-checked framing)
        int n = 1 + rnd.nextInt(8);
        int at = dataFrom + 24 + rnd.nextInt(Math.max(1, Math.min(2048, m.length - dataFrom - 24)));
        for (int k = 0; k < n && at + k < m.length; k++) {
          m[at + rnd.nextInt(Math.min(64, m.length - at))] = (byte) rnd.nextInt(256);
        }
        return m;
      }
    }
  }
}
