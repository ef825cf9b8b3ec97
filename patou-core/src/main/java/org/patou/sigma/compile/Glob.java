package org.patou.sigma.compile;

import org.patou.sigma.expr.Test;

/**
 * Wildcard matching of a whole value against a pattern holding {@link Test.Glob#STAR} and {@link
 * Test.Glob#ONE}. Greedy with one back-tracking point (the last star), so O(n·m) at worst and no
 * recursion: a hostile pattern cannot blow the stack.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(String pattern, String s) {
    int p = 0;
    int i = 0;
    int star = -1;
    int mark = 0;
    int plen = pattern.length();
    int slen = s.length();
    while (i < slen) {
      if (p < plen) {
        char pc = pattern.charAt(p);
        if (pc == Test.Glob.STAR) {
          star = p++;
          mark = i;
          continue;
        }
        if (pc == Test.Glob.ONE || pc == s.charAt(i)) {
          p++;
          i++;
          continue;
        }
      }
      if (star < 0) {
        return false;
      }
      p = star + 1;
      i = ++mark;
    }
    while (p < plen && pattern.charAt(p) == Test.Glob.STAR) {
      p++;
    }
    return p == plen;
  }
}
