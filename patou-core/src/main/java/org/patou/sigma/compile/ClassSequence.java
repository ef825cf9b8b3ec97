package org.patou.sigma.compile;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A cheap necessary condition for a regular expression: a run of its top-level atoms that every
 * match must contain, as a sequence of character classes ({@code \s[a-f0-9]{64}} is a whitespace
 * char then 64 hex digits), checked by a bit-parallel (shift-and) scan at about a nanosecond a
 * character where RE2J's NFA costs ~100. A class may only be wider than the regex's (so the check
 * never says no to a value the regex matches): {@code {1,32}} reads as one or more, {@code .} as
 * any char, and anything not read exactly (groups, optional atoms, anchors) ends a run; a top-level
 * alternation, an unusual escape or class gives no condition at all.
 */
final class ClassSequence {
  private static final int MAX = 64;
  private final long[] ascii = new long[128]; // bit j: position j's class holds the char
  private final long nonAscii; // positions whose class may hold a char >= 128
  private final long loops; // positions that may repeat
  private final long accept;

  private ClassSequence(List<Pos> seq) {
    long na = 0;
    long lp = 0;
    for (int j = 0; j < seq.size(); j++) {
      Pos p = seq.get(j);
      for (int c = 0; c < 128; c++) {
        if (p.ascii[c]) {
          ascii[c] |= 1L << j;
        }
      }
      na |= p.nonAscii ? 1L << j : 0;
      lp |= p.loop ? 1L << j : 0;
    }
    nonAscii = na;
    loops = lp;
    accept = 1L << (seq.size() - 1);
  }

  /** False only when no match of the regex can occur in {@code s}. */
  boolean mayMatch(String s) {
    long d = 0;
    long[] a = ascii;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      long b = c < 128 ? a[c] : nonAscii;
      d = (((d << 1) | 1L) & b) | (d & loops & b);
      if ((d & accept) != 0) {
        return true;
      }
    }
    return false;
  }

  /** One position: its class (widened) and whether it may repeat. */
  private static final class Pos {
    final boolean[] ascii = new boolean[128];
    boolean nonAscii;
    boolean loop;

    boolean all() {
      if (!nonAscii) {
        return false;
      }
      for (boolean b : ascii) {
        if (!b) {
          return false;
        }
      }
      return true;
    }

    Pos copy() {
      Pos p = new Pos();
      System.arraycopy(ascii, 0, p.ascii, 0, 128);
      p.nonAscii = nonAscii;
      return p;
    }
  }

  /** Thrown inside the parse: no condition for this regex. */
  private static final class GiveUp extends Exception {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  /** The condition for {@code re} compiled with RE2J {@code flags}, or null when none is worth it. */
  static ClassSequence of(String re, int flags) {
    try {
      List<Pos> best = best(re, (flags & Pattern.CASE_INSENSITIVE) != 0);
      return best == null ? null : new ClassSequence(best);
    } catch (GiveUp | RuntimeException e) {
      return null;
    }
  }

  private static int score(List<Pos> seq) {
    int s = 0;
    for (Pos p : seq) {
      s += p.all() ? 0 : 1;
    }
    return s;
  }

  private static List<Pos> keep(List<Pos> best, List<Pos> cur) {
    List<Pos> c = cur.size() > MAX ? new ArrayList<>(cur.subList(0, MAX)) : cur;
    return best == null || score(c) > score(best) ? new ArrayList<>(c) : best;
  }

  private static List<Pos> best(String re, boolean fold) throws GiveUp {
    int n = re.length();
    int i = 0;
    List<Pos> best = null;
    List<Pos> cur = new ArrayList<>();
    while (i < n) {
      char c = re.charAt(i);
      if (c == '|' || c == ')') {
        throw new GiveUp();
      }
      if (c == '(') {
        int end = groupEnd(re, i);
        String inner = re.substring(i + 1, end);
        if (inner.startsWith("?") && inner.length() > 1 && isFlags(inner.substring(1))) {
          String on = inner.substring(1);
          int minus = on.indexOf('-');
          if ((minus < 0 ? on : on.substring(0, minus)).indexOf('i') >= 0) {
            fold = true;
          }
        }
        best = keep(best, cur);
        cur = new ArrayList<>();
        int[] q = quantifier(re, end + 1);
        i = q[2];
        continue;
      }
      if (c == '^' || c == '$') {
        best = keep(best, cur);
        cur = new ArrayList<>();
        i++;
        continue;
      }
      Pos p;
      int after;
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new GiveUp();
        }
        char e = re.charAt(i + 1);
        if (e == 'b' || e == 'B' || e == 'A' || e == 'z') {
          best = keep(best, cur);
          cur = new ArrayList<>();
          i += 2;
          continue;
        }
        p = new Pos();
        escape(e, p, false);
        after = i + 2;
      } else if (c == '[') {
        p = new Pos();
        after = bracket(re, i, p, fold);
      } else if (c == '.') {
        p = new Pos();
        java.util.Arrays.fill(p.ascii, true);
        p.nonAscii = true;
        after = i + 1;
      } else if ("*+?{".indexOf(c) >= 0) {
        throw new GiveUp();
      } else {
        p = new Pos();
        literal(c, p);
        after = i + 1;
      }
      if (fold) {
        foldCase(p);
      }
      int[] q = quantifier(re, after);
      int min = q[0];
      int max = q[1];
      i = q[2];
      if (min == 0) {
        best = keep(best, cur);
        cur = new ArrayList<>();
        continue;
      }
      for (int k = 0; k < min && cur.size() <= MAX; k++) {
        Pos x = p.copy();
        x.loop = k == min - 1 && max != min;
        cur.add(x);
      }
    }
    best = keep(best, cur);
    return best == null || score(best) < 2 ? null : best;
  }

  /** {min, max (-1 unbounded), next index}; {1, 1, i} when no quantifier follows. */
  private static int[] quantifier(String re, int i) throws GiveUp {
    int n = re.length();
    int min = 1;
    int max = 1;
    if (i < n) {
      char q = re.charAt(i);
      if (q == '*' || q == '?' || q == '+') {
        min = q == '+' ? 1 : 0;
        max = q == '?' ? 1 : -1;
        i++;
      } else if (q == '{') {
        int close = re.indexOf('}', i);
        if (close < 0) {
          throw new GiveUp();
        }
        String body = re.substring(i + 1, close);
        int comma = body.indexOf(',');
        String lo = comma < 0 ? body : body.substring(0, comma);
        String hi = comma < 0 ? body : body.substring(comma + 1);
        if (!digits(lo) || !(hi.isEmpty() ? comma >= 0 : digits(hi))) {
          throw new GiveUp(); // RE2J would read the brace as a literal: not worth following
        }
        min = Integer.parseInt(lo);
        max = hi.isEmpty() ? -1 : Integer.parseInt(hi);
        i = close + 1;
      } else {
        return new int[] {1, 1, i};
      }
      if (i < n && re.charAt(i) == '?') {
        i++; // lazy
      }
      if (i < n && "*+?{".indexOf(re.charAt(i)) >= 0) {
        throw new GiveUp();
      }
    }
    return new int[] {min, max, i};
  }

  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 4) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Index of the ')' closing the group that opens at {@code i}. */
  private static int groupEnd(String re, int i) throws GiveUp {
    int depth = 0;
    int n = re.length();
    while (i < n) {
      char c = re.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = bracket(re, i, new Pos(), false);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
      i++;
    }
    throw new GiveUp();
  }

  private static void literal(char c, Pos p) {
    if (c < 128) {
      p.ascii[c] = true;
    } else {
      java.util.Arrays.fill(p.ascii, true); // a non-ASCII literal: any char (folding, homoglyphs)
      p.nonAscii = true;
    }
  }

  /** Adds an escape's chars ({@code \d}, {@code \.}...) to {@code p}. */
  private static void escape(char e, Pos p, boolean inClass) throws GiveUp {
    switch (e) {
      case 'd', 'w', 's' -> add(p, e, false);
      case 'D', 'W', 'S' -> add(p, Character.toLowerCase(e), true);
      case 'n' -> p.ascii['\n'] = true;
      case 't' -> p.ascii['\t'] = true;
      case 'r' -> p.ascii['\r'] = true;
      case 'f' -> p.ascii['\f'] = true;
      case 'v' -> p.ascii[0x0b] = true;
      case 'a' -> p.ascii[0x07] = true;
      default -> {
        if (e >= 128 || Character.isLetterOrDigit(e)) {
          throw new GiveUp(); // \pL, \x41, \Q, \1...: not read here
        }
        p.ascii[e] = true;
      }
    }
  }

  private static void add(Pos p, char kind, boolean negate) {
    for (int c = 0; c < 128; c++) {
      boolean in =
          switch (kind) {
            case 'd' -> c >= '0' && c <= '9';
            case 'w' -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            default -> c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
          };
      if (in != negate) {
        p.ascii[c] = true;
      }
    }
    if (negate) {
      p.nonAscii = true;
    }
  }

  /** Reads the class opening at {@code i} into {@code p}; returns the index after it. */
  private static int bracket(String re, int i, Pos p, boolean fold) throws GiveUp {
    int n = re.length();
    int j = i + 1;
    boolean negate = j < n && re.charAt(j) == '^';
    if (negate) {
      j++;
    }
    Pos in = new Pos();
    boolean first = true;
    while (true) {
      if (j >= n) {
        throw new GiveUp();
      }
      char c = re.charAt(j);
      if (c == ']' && !first) {
        j++;
        break;
      }
      first = false;
      if (c == '[' && j + 1 < n && re.charAt(j + 1) == ':') {
        throw new GiveUp(); // POSIX class
      }
      if (c == '\\') {
        if (j + 1 >= n) {
          throw new GiveUp();
        }
        escape(re.charAt(j + 1), in, true);
        j += 2;
        continue;
      }
      if (c >= 128) {
        throw new GiveUp();
      }
      if (j + 2 < n && re.charAt(j + 1) == '-' && re.charAt(j + 2) != ']') {
        char hi = re.charAt(j + 2);
        int next = j + 3;
        if (hi == '\\') {
          if (j + 3 >= n || Character.isLetterOrDigit(re.charAt(j + 3))) {
            throw new GiveUp();
          }
          hi = re.charAt(j + 3);
          next = j + 4;
        }
        if (hi >= 128 || hi < c) {
          throw new GiveUp();
        }
        for (char x = c; x <= hi; x++) {
          in.ascii[x] = true;
        }
        j = next;
        continue;
      }
      in.ascii[c] = true;
      j++;
    }
    if (fold) {
      foldCase(in);
    }
    if (negate) {
      if (fold || in.nonAscii) {
        throw new GiveUp();
      }
      for (int c = 0; c < 128; c++) {
        p.ascii[c] |= !in.ascii[c];
      }
      p.nonAscii = true;
    } else {
      for (int c = 0; c < 128; c++) {
        p.ascii[c] |= in.ascii[c];
      }
      p.nonAscii |= in.nonAscii;
    }
    return j;
  }

  /**
   * Case-insensitive: both cases of each letter, and non-ASCII chars that fold to one (the Kelvin
   * sign, long s); a class that may hold non-ASCII chars may then also hold any ASCII letter.
   */
  private static void foldCase(Pos p) {
    if (p.nonAscii) {
      for (int c = 'a'; c <= 'z'; c++) {
        p.ascii[c] = true;
        p.ascii[c - 'a' + 'A'] = true;
      }
    }
    for (int c = 'a'; c <= 'z'; c++) {
      int u = c - 'a' + 'A';
      if (p.ascii[c] || p.ascii[u]) {
        p.ascii[c] = true;
        p.ascii[u] = true;
        p.nonAscii = true;
      }
    }
  }

  private static boolean isFlags(String s) {
    for (int k = 0; k < s.length(); k++) {
      if ("imsU-".indexOf(s.charAt(k)) < 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
