package org.patou.sigma.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class ClassSequenceTest {
  @Test
  void readsRunsOfClasses() {
    ClassSequence hex = ClassSequence.of("\\s[a-fA-F0-9]{64}\\s[a-fA-F0-9]{16}", 0);
    assertThat(hex).isNotNull();
    String h64 = "0123456789abcdef".repeat(4);
    assertThat(hex.mayMatch("x " + h64 + " 0123456789ABCDEF y")).isTrue();
    // Only the first 64 classes are checked (a prefix of a necessary run is necessary too).
    assertThat(hex.mayMatch("x " + h64.substring(2) + " 0123456789ABCDEF y")).isFalse();
    ClassSequence dot = ClassSequence.of("\\\\[a-zA-Z0-9]{1,32}\\.[a-zA-Z0-9]{1,6}\\.[ \"']{1}", 0);
    assertThat(dot.mayMatch("c:\\x\\abc.def. ")).isTrue();
    assertThat(dot.mayMatch("c:\\x\\abc.def ")).isFalse();
    assertThat(ClassSequence.of("a|b", 0)).isNull();
    // Case-insensitive: a class that may hold non-ASCII chars is widened to every ASCII letter
    // (non-ASCII chars such as the Kelvin sign fold to ASCII letters): wider is always safe.
    ClassSequence w = ClassSequence.of("x\\W\\W", Pattern.CASE_INSENSITIVE);
    assertThat(w.mayMatch("xks")).isTrue();
    assertThat(ClassSequence.of("\\pL+x", 0)).isNull();
  }

  /** Never says no where RE2J finds a match: random patterns and texts (seed printed on failure). */
  @RepeatedTest(200)
  void neverMissesAMatch(RepetitionInfo info) {
    long seed = 31L * info.getCurrentRepetition();
    Random r = new Random(seed);
    for (int p = 0; p < 20; p++) {
      String re = pattern(r);
      int flags = r.nextInt(4) == 0 ? Pattern.CASE_INSENSITIVE : 0;
      Pattern compiled;
      try {
        compiled = Pattern.compile(re, flags);
      } catch (RuntimeException e) {
        continue;
      }
      ClassSequence seq = ClassSequence.of(re, flags);
      if (seq == null) {
        continue;
      }
      for (int t = 0; t < 300; t++) {
        String text = text(r);
        if (compiled.matcher(text).find()) {
          assertThat(seq.mayMatch(text)).as("seed " + seed + " re " + re + " flags " + flags + " text " + text).isTrue();
        }
      }
    }
  }

  private static final String[] ATOMS = {
    "a", "b", "A", "-", " ", "\\.", ".", "\\d", "\\w", "\\s", "\\S", "\\W", "\\D", "[a-c]", "[^a]", "[^\\s]",
    "[\\w-]", "[ab\\]]", "(a|b)", "(?:ab)", "^", "$", "\\b", "k", "s", "é", "[é]", "\\\\", "\\t", "(?i)", "[A-Z]"
  };
  private static final String[] QUANTS = {"", "", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "+?", "{0,2}"};

  private static String pattern(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      String atom = ATOMS[r.nextInt(ATOMS.length)];
      sb.append(atom);
      if (!atom.equals("^") && !atom.equals("$") && !atom.equals("\\b") && !atom.equals("(?i)")) {
        sb.append(QUANTS[r.nextInt(QUANTS.length)]);
      }
    }
    return sb.toString();
  }

  private static String text(Random r) {
    String chars = "aAbBkKsS -_.\\1\t\né\u212a\u017f\u00c9x";
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(chars.charAt(r.nextInt(chars.length())));
    }
    return sb.toString();
  }
}
