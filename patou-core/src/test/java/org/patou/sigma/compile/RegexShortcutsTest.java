package org.patou.sigma.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.patou.sigma.optimise.RegexLiterals;

/**
 * The regular-expression shortcuts of {@link Pred#regex} (a long line, literals joined by
 * {@code .*}, literal runs in order) answer exactly as RE2J does.
 */
class RegexShortcutsTest {
  @Test
  void takesOnlyTheShapesItReadsExactly() {
    assertThat(Pred.longRun(".{1000,}", 0)).isNotNull();
    assertThat(Pred.longRun("(?s).{3}", 0)).isNotNull();
    assertThat(Pred.longRun(".{2,5}", Pattern.DOTALL)).isNotNull();
    assertThat(Pred.longRun(".{3,}x", 0)).isNull();
    assertThat(Pred.longRun(".{3,}", Pattern.CASE_INSENSITIVE)).isNull();
    assertThat(Pred.longRun("a{3,}", 0)).isNull();
    assertThat(Pred.dotStarChain("\\+.*\\+.*\\+", 0)).isNotNull();
    assertThat(Pred.dotStarChain("echo.*clip", 0)).isNotNull();
    assertThat(Pred.dotStarChain("echo.*clip", Pattern.CASE_INSENSITIVE)).isNull();
    assertThat(Pred.dotStarChain("(?i)echo.*clip", 0)).isNull();
    assertThat(Pred.dotStarChain("a+.*b", 0)).isNull();
    assertThat(Pred.dotStarChain("a.*?b", 0)).isNull();
    assertThat(Pred.dotStarChain("a.*b|c", 0)).isNull();
    assertThat(Pred.dotStarChain("\\d.*b", 0)).isNull();
    assertThat(Pred.dotStarChain("abc", 0)).isNull();
  }

  @Test
  void runsAreTheTopLevelLiteralsInOrder() {
    assertThat(RegexLiterals.runs("(?i)echo.*clip.*&&.*(?:Clipboard|x)")).containsExactly("echo", "clip", "&&");
    assertThat(RegexLiterals.runs("cmd.{0,5}(?:/c|/r).+PowerShell.+\\\"")).containsExactly("cmd", "powershell", "\"");
    assertThat(RegexLiterals.runs("ab?c")).containsExactly("a", "c");
    assertThat(RegexLiterals.runs("a|b")).isEmpty();
    assertThat(RegexLiterals.inOrder("xx echo yy clip zz && q", List.of("echo", "clip", "&&"))).isTrue();
    assertThat(RegexLiterals.inOrder("clip echo &&", List.of("echo", "clip", "&&"))).isFalse();
    assertThat(RegexLiterals.inOrder("aa", List.of("a", "a"))).isTrue();
    assertThat(RegexLiterals.inOrder("a", List.of("a", "a"))).isFalse();
    assertThat(RegexLiterals.longest("echo.*clipboard.*x")).isEqualTo("clipboard");
  }

  private static final String[] PATTERNS = {
    ".{4,}", ".{4}", ".{0,}", ".{3,6}", "(?s).{4,}", "\\+.*\\+.*\\+", "a.*b", "ab.*ba.*a", ".*a.*.*b.*",
    "a.*\\..*b", "(?i)a.*b", "a.+b.*c", "ab?.*c", "x.*(?:a|b).*c", "a.*b.*c.*d"
  };

  /** Random texts over a small alphabet with line breaks and surrogate pairs, seed per run. */
  @RepeatedTest(100)
  void answersAsRe2j(RepetitionInfo info) {
    Random r = new Random(17L * info.getCurrentRepetition());
    String[] alphabet = {"a", "b", "c", "d", "A", "B", "+", ".", "x", "\n", "\r", "é", "\uD83D\uDE00", " "};
    for (String re : PATTERNS) {
      for (int flags : new int[] {0, Pattern.DOTALL}) {
        Pattern p = Pattern.compile(re, flags);
        Pred pred = Pred.regex(re, flags);
        for (int t = 0; t < 40; t++) {
          StringBuilder sb = new StringBuilder();
          int len = r.nextInt(14);
          for (int i = 0; i < len; i++) {
            sb.append(alphabet[r.nextInt(alphabet.length)]);
          }
          String s = sb.toString();
          boolean want = p.matcher(s).find();
          String low = s.toLowerCase(java.util.Locale.ROOT);
          boolean got =
              pred.form() == Pred.BOTH ? pred.test2(s, low) : pred.test(s, pred.form() == Pred.LOW ? low : s);
          assertThat(got).as("/%s/ flags %d on %s", re, flags, s.replace("\n", "\\n")).isEqualTo(want);
        }
      }
    }
  }
}
