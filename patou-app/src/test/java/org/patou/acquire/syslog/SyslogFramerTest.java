package org.patou.acquire.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyslogFramerTest {
  private final List<String> out = new ArrayList<>();
  private int oversize;

  private SyslogFramer framer(int max) {
    return new SyslogFramer(max, b -> out.add(new String(b, StandardCharsets.UTF_8)), () -> oversize++);
  }

  @Test
  void newlineAndOctetCountingMixed() {
    SyslogFramer f = framer(1000);
    byte[] in = "<13>a line\r\n11 <13>counted\n2 ab<14>after\n\n2024-01-01 not a count\n"
        .getBytes(StandardCharsets.UTF_8);
    f.feed(in, 0, in.length);
    f.finish();
    // "11 <13>counted" is 11 bytes: "<13>counted"; the "\n" after it starts a new (empty) line.
    assertThat(out).containsExactly("<13>a line", "<13>counted", "ab", "<14>after", "2024-01-01 not a count");
  }

  @Test
  void oversizeFramesAreSkippedAndCounted() {
    SyslogFramer f = framer(480);
    byte[] big = ("x".repeat(10_000) + "\nok\n" + "700 " + "y".repeat(700) + "ok2\n").getBytes(StandardCharsets.UTF_8);
    f.feed(big, 0, big.length);
    f.finish();
    assertThat(out).containsExactly("ok", "ok2");
    assertThat(oversize).isEqualTo(2);
  }

  @Test
  void anySplitGivesTheSameFrames() {
    long seed = System.nanoTime();
    System.out.println("SyslogFramerTest seed=" + seed);
    Random rnd = new Random(seed);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String msg = "<34>msg " + i + " " + "z".repeat(rnd.nextInt(50));
      expected.add(msg);
      byte[] b = msg.getBytes(StandardCharsets.UTF_8);
      if (rnd.nextBoolean()) {
        s.writeBytes((b.length + " ").getBytes(StandardCharsets.UTF_8));
        s.writeBytes(b);
      } else {
        s.writeBytes(b);
        s.writeBytes(rnd.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
      }
    }
    byte[] all = s.toByteArray();
    SyslogFramer f = framer(1000);
    int pos = 0;
    while (pos < all.length) {
      int n = Math.min(all.length - pos, 1 + rnd.nextInt(40));
      f.feed(all, pos, n);
      pos += n;
    }
    f.finish();
    assertThat(out).as("seed " + seed).isEqualTo(expected);
  }

  @Test
  void binaryGarbageNeverThrows() {
    long seed = System.nanoTime();
    System.out.println("SyslogFramerTest.garbage seed=" + seed);
    Random rnd = new Random(seed);
    SyslogFramer f = framer(4096);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[rnd.nextInt(300)];
      rnd.nextBytes(b);
      f.feed(b, 0, b.length);
    }
    f.finish();
    assertThat(out).allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(4096));
  }
}
