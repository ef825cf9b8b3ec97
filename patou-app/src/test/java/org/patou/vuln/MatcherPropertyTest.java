package org.patou.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.patou.inventory.Software;

/**
 * The indexed matcher against a brute-force oracle (every advisory, every package, every range,
 * compared directly) on seeded random data; the seed is in the test name and the failure message.
 */
class MatcherPropertyTest {
  static final long BASE_SEED = Long.getLong("patou.seed", 0x5EED_2026L);

  @TestFactory
  Stream<DynamicTest> indexedMatcherEqualsOracle() {
    return IntStream.range(0, 20).mapToObj(i -> {
      long seed = BASE_SEED + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> check(seed));
    });
  }

  static String v(Random r) {
    return r.nextInt(3) + "." + r.nextInt(4) + "." + r.nextInt(6) + (r.nextInt(6) == 0 ? "-rc." + r.nextInt(3) : "");
  }

  static void check(long seed) {
    Random r = new Random(seed);
    List<Advisory> advisories = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<Advisory.Range> ranges = new ArrayList<>();
      for (int k = 0, n = 1 + r.nextInt(2); k < n; k++) {
        String intro = r.nextInt(3) == 0 ? null : v(r);
        int kind = r.nextInt(6);
        ranges.add(new Advisory.Range(intro, kind >= 2 ? v(r) : null, kind == 1 ? v(r) : null));
      }
      List<String> versions = r.nextInt(8) == 0 ? List.of(v(r)) : List.of();
      advisories.add(new Advisory("CVE-2024-" + (1000 + r.nextInt(150)), List.of(), "npm", "p" + r.nextInt(15),
          ranges, versions, "t"));
    }
    List<Software> installed = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      installed.add(new Software("p" + r.nextInt(20), v(r), "npm", null, null));
    }
    Set<String> got = new TreeSet<>();
    for (Finding f : new Matcher(advisories).match("a", installed)) {
      got.add(f.pkg() + " " + f.installed() + " " + f.vulnerability());
    }
    Versions cmp = new Versions();
    Set<String> want = new TreeSet<>();
    for (Software s : installed) {
      for (Advisory a : advisories) {
        if (!a.pkg().equals(s.name())) {
          continue;
        }
        boolean hit = a.versions().contains(s.version());
        for (Advisory.Range x : a.ranges()) {
          boolean afterIntro = x.introduced() == null || cmp.compare("npm", s.version(), x.introduced()) >= 0;
          boolean beforeEnd = x.fixed() != null ? cmp.compare("npm", s.version(), x.fixed()) < 0
              : x.lastAffected() == null || cmp.compare("npm", s.version(), x.lastAffected()) <= 0;
          hit |= afterIntro && beforeEnd;
        }
        if (hit) {
          want.add(s.name() + " " + s.version() + " " + a.id());
        }
      }
    }
    assertThat(got).as("seed %d (rerun with -Dpatou.seed=%d)", seed, seed).isEqualTo(want);
  }
}
