package org.patou.sigma.optimise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;

/** Each pass on its own, asserting the exact tree it produces. */
class OptimiserPassesTest {
  static Expr str(String f, StrOp op, String n) {
    return new Expr.Match(f, new org.patou.sigma.expr.Test.Str(op, n, false));
  }

  static Expr set(String f, StrOp op, String... n) {
    return new Expr.Match(f, new org.patou.sigma.expr.Test.StrSet(op, List.of(n), false));
  }

  @Test
  void simplifyFlattensAndFolds() {
    Expr a = str("A", StrOp.EQUALS, "a");
    Expr b = str("B", StrOp.EQUALS, "b");
    Expr in =
        new Expr.And(List.of(new Expr.And(List.of(a, Expr.Const.TRUE)), new Expr.Not(new Expr.Not(b))));
    assertThat(Simplify.apply(in)).isEqualTo(new Expr.And(List.of(a, b)));
    assertThat(Simplify.apply(new Expr.Or(List.of(a, Expr.Const.TRUE)))).isEqualTo(Expr.Const.TRUE);
    assertThat(Simplify.apply(new Expr.And(List.of(a, Expr.Const.FALSE)))).isEqualTo(Expr.Const.FALSE);
    assertThat(Simplify.apply(new Expr.AtLeast(2, List.of(a, b)))).isEqualTo(new Expr.And(List.of(a, b)));
    assertThat(Simplify.apply(new Expr.AtLeast(1, List.of(a, b)))).isEqualTo(new Expr.Or(List.of(a, b)));
  }

  @Test
  void mergeStringsGroupsSameFieldSameOp() {
    Expr in =
        new Expr.Or(
            List.of(
                str("Image", StrOp.ENDS_WITH, "\\a.exe"),
                str("CommandLine", StrOp.CONTAINS, "x"),
                str("Image", StrOp.ENDS_WITH, "\\b.exe"),
                str("Image", StrOp.CONTAINS, "y")));
    assertThat(MergeStrings.apply(in))
        .isEqualTo(
            new Expr.Or(
                List.of(
                    set("Image", StrOp.ENDS_WITH, "\\a.exe", "\\b.exe"),
                    str("CommandLine", StrOp.CONTAINS, "x"),
                    str("Image", StrOp.CONTAINS, "y"))));
  }

  @Test
  void mergeStringsLeavesAndAlone() {
    Expr in = new Expr.And(List.of(str("A", StrOp.CONTAINS, "x"), str("A", StrOp.CONTAINS, "y")));
    assertThat(MergeStrings.apply(in)).isEqualTo(in);
  }

  @Test
  void orderByCostPutsCheapFirst() {
    Expr regex = new Expr.Match("A", new org.patou.sigma.expr.Test.Regex("a.b", 0));
    Expr contains = str("B", StrOp.CONTAINS, "x");
    Expr eq = str("C", StrOp.EQUALS, "y");
    Expr keyword = new Expr.Match(null, new org.patou.sigma.expr.Test.Str(StrOp.CONTAINS, "k", false));
    assertThat(OrderByCost.apply(new Expr.And(List.of(keyword, regex, contains, eq))))
        .isEqualTo(new Expr.And(List.of(eq, contains, regex, keyword)));
  }

  @Test
  void optimiserRunsPassesInOrder() {
    Expr in =
        new Expr.And(
            List.of(
                new Expr.Or(List.of(str("A", StrOp.CONTAINS, "x"), str("A", StrOp.CONTAINS, "y"))),
                new Expr.And(List.of(str("B", StrOp.EQUALS, "b")))));
    assertThat(Optimiser.all().run(in))
        .isEqualTo(new Expr.And(List.of(str("B", StrOp.EQUALS, "b"), set("A", StrOp.CONTAINS, "x", "y"))));
    assertThat(Optimiser.none().run(in)).isEqualTo(in);
  }

  @Test
  void necessaryLiterals() {
    Expr a = str("A", StrOp.ENDS_WITH, "\\cmd.exe");
    Expr b = str("B", StrOp.CONTAINS, "x");
    // AND: the most selective child (longest shortest literal).
    assertThat(NecessaryLiterals.of(new Expr.And(List.of(b, a)))).isEqualTo(Map.of("A", Set.of("\\cmd.exe")));
    // OR: the union; a negated child has none, so neither has the OR.
    assertThat(NecessaryLiterals.of(new Expr.Or(List.of(a, b)))).isEqualTo(Map.of("A", Set.of("\\cmd.exe"), "B", Set.of("x")));
    assertThat(NecessaryLiterals.of(new Expr.Or(List.of(a, new Expr.Not(b))))).isNull();
    assertThat(NecessaryLiterals.of(new Expr.And(List.of(a, new Expr.Not(b))))).isEqualTo(Map.of("A", Set.of("\\cmd.exe")));
  }

  @Test
  void regexLiterals() {
    assertThat(RegexLiterals.longest("\\\\cmd\\.exe\\s+/c")).isEqualTo("\\cmd.exe");
    assertThat(RegexLiterals.longest("(?i)powershell.*-enc")).isEqualTo("powershell");
    assertThat(RegexLiterals.longest("abc|defg")).isEmpty();
    assertThat(RegexLiterals.longest("ab?cde")).isEqualTo("cde");
    assertThat(RegexLiterals.longest("x{2,3}yz[a-z]+")).isEmpty(); // 'x' then "yz": 2 chars only
    assertThat(RegexLiterals.longest("x{2,3}yz[a-z]+", 1)).isEqualTo("yz");
    assertThat(RegexLiterals.minLength(".{1000,}")).isEqualTo(1000);
    assertThat(RegexLiterals.minLength("^ab?c*(de)+f$")).isEqualTo(2);
    assertThat(RegexLiterals.minLength("a|bc")).isZero();
  }

  /** The regex guards are necessary conditions: on random regexes and texts, a match implies both. */
  @org.junit.jupiter.api.RepeatedTest(20)
  void regexGuardsNeverRejectAMatch(org.junit.jupiter.api.RepetitionInfo info) {
    long seed = 31L * info.getCurrentRepetition();
    java.util.Random r = new java.util.Random(seed);
    String[] atoms = {"a", "b", "A", "\\.", ".", "[ab]", "(a|b)", "(ab)", "\\d", "\\n", "-"};
    String[] quants = {"", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}"};
    for (int k = 0; k < 200; k++) {
      StringBuilder re = new StringBuilder(r.nextInt(5) == 0 ? "(?i)" : "");
      for (int i = 0; i < 1 + r.nextInt(6); i++) {
        re.append(atoms[r.nextInt(atoms.length)]).append(quants[r.nextInt(quants.length)]);
      }
      if (r.nextInt(6) == 0) {
        re.append("|b");
      }
      com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(re.toString());
      String guard = RegexLiterals.longest(re.toString(), 1);
      int min = RegexLiterals.minLength(re.toString());
      for (int t = 0; t < 50; t++) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < r.nextInt(10); i++) {
          s.append("abAB.1-\n\\".charAt(r.nextInt(9)));
        }
        String text = s.toString();
        if (p.matcher(text).find()) {
          String why = "seed " + seed + " re " + re + " text " + text;
          assertThat(text.toLowerCase(java.util.Locale.ROOT)).as(why).contains(guard);
          assertThat(text.length()).as(why).isGreaterThanOrEqualTo(min);
        }
      }
    }
  }
}
