package org.patou.sigma.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeValuesTest {
  /** The fast reader agrees with java.time wherever it answers (seeded random times and noise). */
  @Test
  void fastPathAgreesWithJavaTime() {
    Random r = new Random(42);
    String[] fracs = {"", ".1", ".12", ".123", ".1234", ".123456", ".1234567", ".123456789", ".1234567890", "."};
    int answered = 0;
    for (int i = 0; i < 200_000; i++) {
      String s =
          String.format(
              java.util.Locale.ROOT,
              "%04d-%02d-%02d%s%02d:%02d:%02d%s%s",
              r.nextInt(3) == 0 ? r.nextInt(10000) : 1900 + r.nextInt(200),
              r.nextInt(14),
              r.nextInt(33),
              r.nextBoolean() ? "T" : " ",
              r.nextInt(26),
              r.nextInt(62),
              r.nextInt(62),
              fracs[r.nextInt(fracs.length)],
              r.nextInt(3) == 0 ? "Z" : r.nextInt(8) == 0 ? "+01:00" : r.nextInt(8) == 0 ? " " : "");
      if (r.nextInt(20) == 0) {
        char[] cs = s.toCharArray();
        cs[r.nextInt(cs.length)] = "x:-.T Z9".charAt(r.nextInt(8));
        s = new String(cs);
      }
      long fast = TimeValues.fastMillis(s);
      OffsetDateTime t = TimeValues.parse(s);
      long slow = t == null ? Long.MIN_VALUE : t.toInstant().toEpochMilli();
      if (fast != Long.MIN_VALUE + 1) {
        answered++;
        assertThat(fast).as(s).isEqualTo(slow);
      }
      assertThat(TimeValues.epochMillis(s)).as(s).isEqualTo(slow);
    }
    assertThat(answered).isGreaterThan(10_000);
    assertThat(TimeValues.epochMillis("2025-11-27T07:40:10.165324Z")).isEqualTo(1764229210165L);
  }
}
