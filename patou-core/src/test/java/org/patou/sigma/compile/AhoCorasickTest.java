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
      String nd = random(r, 1 + r.nextInt(4));
      needles.add(info.getCurrentRepetition() % 2 == 0 ? nd.replace('é', 'a').replace('\u0430', 'b') : nd);
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
      // The prefilter's path: a char buffer, plain or case-folded over the upper-cased text.
      TreeSet<Integer> viaBuffer = new TreeSet<>();
      ac.forEachMatch(text.toCharArray(), text.length(), false, viaBuffer::add);
      assertThat(viaBuffer).as("buffer, seed " + seed).isEqualTo(expected);
      if (ac.foldable()) {
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        TreeSet<Integer> folded = new TreeSet<>();
        ac.forEachMatch(upper.toCharArray(), upper.length(), true, folded::add);
        assertThat(folded).as("folded, seed " + seed).containsAll(expected);
        TreeSet<Integer> foldedString = new TreeSet<>();
        ac.forEachMatchFolded(upper, foldedString::add);
        assertThat(foldedString).as("folded string, seed " + seed).isEqualTo(folded);
      }
    }
  }

  /** A big automaton (the char table): against String.contains, plain and case-folded. */
  @Test
  void bigAutomatonAgreesWithContains() {
    Random r = new Random(5);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123\\.-é";
    List<String> needles = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0, n = 3 + r.nextInt(8); k < n; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      needles.add(sb.toString());
    }
    AhoCorasick ac = new AhoCorasick(needles);
    for (int t = 0; t < 300; t++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0, n = r.nextInt(200); k < n; k++) {
        sb.append(k % 7 == 0 ? needles.get(r.nextInt(needles.size())) : String.valueOf(alphabet.charAt(r.nextInt(alphabet.length()))));
      }
      String text = sb.toString();
      TreeSet<Integer> expected = new TreeSet<>();
      for (int i = 0; i < needles.size(); i++) {
        if (text.contains(needles.get(i))) {
          expected.add(i);
        }
      }
      TreeSet<Integer> got = new TreeSet<>();
      ac.forEachMatch(text.toCharArray(), text.length(), false, got::add);
      assertThat(got).isEqualTo(expected);
      assertThat(ac.containsAny(text)).isEqualTo(!expected.isEmpty());
      String upper = text.toUpperCase(java.util.Locale.ROOT);
      TreeSet<Integer> folded = new TreeSet<>();
      ac.forEachMatch(upper.toCharArray(), upper.length(), true, folded::add);
      assertThat(folded).containsAll(expected);
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
