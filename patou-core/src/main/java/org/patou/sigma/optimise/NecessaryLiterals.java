package org.patou.sigma.optimise;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.Test;

/**
 * For the prefilter: a set of (field, literal) pairs such that the expression can only hold on an
 * event where at least one literal occurs, lower-cased, inside the lower-cased value of its field.
 * Returns null when there is no such set (a negation, a regex, a number test...). An empty map
 * means the expression can never hold.
 *
 * <p>Every string test implies "the value contains the literal", whatever its position, so one
 * automaton per field over all rules' literals tells which rules are worth evaluating.
 */
public final class NecessaryLiterals {
  /** The pseudo-field of keyword searches: the literal may be in any field's value. */
  public static final String ANY_FIELD = "\u0000any";

  private NecessaryLiterals() {}

  public static Map<String, Set<String>> of(Expr e) {
    return of(e, lit -> 0);
  }

  /**
   * As {@link #of(Expr)}, choosing inside an AND the child whose literals are least popular: a
   * literal many rules test ({@code \\powershell.exe}) is likely frequent in events too, so a rarer
   * one makes the rule a candidate less often.
   */
  public static Map<String, Set<String>> of(Expr e, java.util.function.ToIntFunction<String> popularity) {
    if (e instanceof Expr.Const k) {
      return k.value() ? null : Map.of();
    }
    if (e instanceof Expr.Match m) {
      Set<String> lits = literals(m.test());
      return lits == null ? null : Map.of(m.field() == null ? ANY_FIELD : m.field(), lits);
    }
    if (e instanceof Expr.And a) {
      Map<String, Set<String>> best = null;
      for (Expr c : a.children()) {
        Map<String, Set<String>> n = of(c, popularity);
        if (n != null && (best == null || better(n, best, popularity))) {
          best = n;
        }
      }
      return best;
    }
    if (e instanceof Expr.Or || e instanceof Expr.AtLeast) {
      Map<String, Set<String>> union = new LinkedHashMap<>();
      for (Expr c : org.patou.sigma.expr.Exprs.children(e)) {
        Map<String, Set<String>> n = of(c, popularity);
        if (n == null) {
          return null;
        }
        n.forEach((f, s) -> union.computeIfAbsent(f, k -> new LinkedHashSet<>()).addAll(s));
      }
      return union;
    }
    return null;
  }

  /**
   * The index of the AND child whose literals {@link #of(Expr, java.util.function.ToIntFunction)}
   * uses, or -1. When the prefilter lets the rule through, that child is very likely true, so the
   * matcher checks it last.
   */
  public static int chosenChild(Expr.And a, java.util.function.ToIntFunction<String> popularity) {
    Map<String, Set<String>> best = null;
    int index = -1;
    for (int i = 0; i < a.children().size(); i++) {
      Map<String, Set<String>> n = of(a.children().get(i), popularity);
      if (n != null && (best == null || better(n, best, popularity))) {
        best = n;
        index = i;
      }
    }
    return index;
  }

  /** Less popular wins; then the longer shortest literal (rarer in values); then fewer literals. */
  private static boolean better(
      Map<String, Set<String>> a, Map<String, Set<String>> b, java.util.function.ToIntFunction<String> popularity) {
    int pa = maxPopularity(a, popularity);
    int pb = maxPopularity(b, popularity);
    if (pa != pb) {
      return pa < pb;
    }
    int la = minLen(a);
    int lb = minLen(b);
    if (la != lb) {
      return la > lb;
    }
    return count(a) < count(b);
  }

  private static int maxPopularity(Map<String, Set<String>> m, java.util.function.ToIntFunction<String> popularity) {
    int max = 0;
    for (Set<String> s : m.values()) {
      for (String x : s) {
        max = Math.max(max, popularity.applyAsInt(x));
      }
    }
    // Coarse buckets, so that length still decides between literals of similar popularity.
    return max <= 2 ? 0 : 32 - Integer.numberOfLeadingZeros(max);
  }

  /** Every literal any string test of {@code e} names, whatever its place in the tree. */
  public static void collect(Expr e, java.util.function.Consumer<String> out) {
    org.patou.sigma.expr.Exprs.walk(
        e,
        x -> {
          if (x instanceof Expr.Match m) {
            Set<String> lits = literals(m.test());
            if (lits != null) {
              lits.forEach(out);
            }
          }
        });
  }

  private static int minLen(Map<String, Set<String>> m) {
    int min = Integer.MAX_VALUE;
    for (Set<String> s : m.values()) {
      for (String x : s) {
        min = Math.min(min, x.length());
      }
    }
    return min;
  }

  private static int count(Map<String, Set<String>> m) {
    int n = 0;
    for (Set<String> s : m.values()) {
      n += s.size();
    }
    return n;
  }

  private static Set<String> literals(Test t) {
    if (t instanceof Test.Str s) {
      return s.needle().isEmpty() ? null : Set.of(lower(s.needle()));
    }
    if (t instanceof Test.StrSet s) {
      Set<String> out = new LinkedHashSet<>();
      for (String n : s.needles()) {
        if (n.isEmpty()) {
          return null;
        }
        out.add(lower(n));
      }
      return out;
    }
    if (t instanceof Test.Glob g) {
      String best = "";
      StringBuilder run = new StringBuilder();
      String p = g.pattern();
      for (int i = 0; i <= p.length(); i++) {
        char c = i < p.length() ? p.charAt(i) : Test.Glob.STAR;
        if (c == Test.Glob.STAR || c == Test.Glob.ONE) {
          if (run.length() > best.length()) {
            best = run.toString();
          }
          run.setLength(0);
        } else {
          run.append(c);
        }
      }
      return best.isEmpty() ? null : Set.of(lower(best));
    }
    if (t instanceof Test.Regex r) {
      String lit = RegexLiterals.longest(r.pattern());
      return lit.isEmpty() ? null : Set.of(lit);
    }
    return null;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
