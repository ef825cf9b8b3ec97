package org.patou.sigma.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {
  @Test
  void findsOverlappingNeedles() {
    AhoCorasick ac = new AhoCorasick(List.of("he", "she", "his", "hers"));
    List<Integer> hits = new ArrayList<>();
    ac.forEachMatch("ushers", hits::add);
    assertThat(new TreeSet<>(hits)).containsExactly(0, 1, 3);
    assertThat(ac.containsAny("xhisx")).isTrue();
    assertThat(ac.containsAny("xyz")).isFalse();
  }

  /** Against String.contains on random needles and texts (seed printed on failure). */
  @RepeatedTest(50)
  void agreesWithContains(RepetitionInfo info) {
    long seed = 77L * info.getCurrentRepetition();
    Random r = new Random(seed);
    List<String> needles = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(30); i++) {
      needles.add(random(r, 1 + r.nextInt(4)));
    }
    AhoCorasick ac = new AhoCorasick(needles);
    for (int t = 0; t < 200; t++) {
      String text = random(r, r.nextInt(20));
      TreeSet<Integer> expected = new TreeSet<>();
      for (int i = 0; i < needles.size(); i++) {
        if (text.contains(needles.get(i))) {
          expected.add(i);
        }
      }
      TreeSet<Integer> got = new TreeSet<>();
      ac.forEachMatch(text, got::add);
      // Duplicated needles share a node: each of their ids must be reported.
      assertThat(got).as("seed " + seed + " text " + text + " needles " + needles).isEqualTo(expected);
      assertThat(ac.containsAny(text)).isEqualTo(!expected.isEmpty());
    }
  }

  private static String random(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("abcé\u0430".charAt(r.nextInt(r.nextInt(8) == 0 ? 5 : 3)));
    }
    return sb.toString();
  }
}
