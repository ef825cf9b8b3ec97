package org.patou.sigma.optimise;

import java.util.Locale;

/**
 * The longest literal a regular expression's every match must contain, found by a conservative
 * scan of its top level: literal characters (and escaped punctuation) between metacharacters;
 * anything in a group or class, or followed by a quantifier that allows zero, ends a run. A
 * top-level alternation gives nothing. Lower-cased, since the prefilter scans lower-cased values.
 */
public final class RegexLiterals {
  private RegexLiterals() {}

  /** The literal, or "" when none of at least 3 characters is certain. */
  public static String longest(String re) {
    return longest(re, 3);
  }

  /** The literal, or "" when none of at least {@code min} characters is certain. */
  public static String longest(String re, int min) {
    String best = "";
    for (String run : runs(re)) {
      if (run.length() > best.length()) {
        best = run;
      }
    }
    return best.length() >= min ? best : "";
  }

  /**
   * Every literal run of the top level, lower-cased, in the order they occur in the pattern: any
   * match contains them all, in that order and without overlap (the top level is a concatenation),
   * so a value where they do not occur in order cannot match. Empty when there is a top-level
   * alternation or an escape not read exactly.
   */
  public static java.util.List<String> runs(String re) {
    java.util.List<String> runs = new java.util.ArrayList<>();
    StringBuilder run = new StringBuilder();
    int depth = 0;
    int i = 0;
    int n = re.length();
    if (re.startsWith("(?") && re.indexOf(')') > 1 && isFlags(re.substring(2, re.indexOf(')')))) {
      i = re.indexOf(')') + 1;
    }
    while (i < n) {
      char c = re.charAt(i);
      if (depth > 0) {
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
        i++;
        continue;
      }
      if (c == '|') {
        return java.util.List.of(); // alternation at the top: no single literal is required
      }
      char lit = 0;
      int width = 1;
      if (c == '\\' && i + 1 < n) {
        char e = re.charAt(i + 1);
        width = 2;
        if (!Character.isLetterOrDigit(e)) {
          lit = e;
        } else if (e == 'n' || e == 't' || e == 'r') {
          lit = e == 'n' ? '\n' : e == 't' ? '\t' : '\r';
        } else if ("xuUpPQ01234567".indexOf(e) >= 0) {
          return java.util.List.of(); // escapes longer than two characters: not worth reading exactly
        }
      } else if (c == '[') {
        width = classWidth(re, i);
      } else if (c == '(') {
        depth = 1;
      } else if (c == '{') {
        int close = re.indexOf('}', i);
        width = close < 0 ? n - i : close + 1 - i;
      } else if ("^$.*+?{}".indexOf(c) < 0) {
        lit = c;
      }
      int after = i + width;
      char q = after < n ? re.charAt(after) : 0;
      boolean optional = q == '*' || q == '?' || (q == '{' && after + 1 < n && re.charAt(after + 1) == '0');
      boolean repeated = q == '+' || q == '{';
      if (lit != 0 && !optional) {
        run.append(lit);
        if (repeated) {
          keep(runs, run);
        }
      } else {
        keep(runs, run);
      }
      i = c == '(' ? i + 1 : after;
    }
    keep(runs, run);
    return runs;
  }

  private static void keep(java.util.List<String> runs, StringBuilder run) {
    if (run.length() > 0) {
      runs.add(run.toString().toLowerCase(Locale.ROOT));
      run.setLength(0);
    }
  }

  /**
   * True when {@code low} (a lower-cased value) holds every run, in order and without overlap: a
   * necessary condition for a match of the pattern the runs come from.
   */
  public static boolean inOrder(String low, java.util.List<String> runs) {
    int from = 0;
    for (int k = 0, n = runs.size(); k < n; k++) {
      String r = runs.get(k);
      int at = low.indexOf(r, from);
      if (at < 0) {
        return false;
      }
      from = at + r.length();
    }
    return true;
  }

  /**
   * A lower bound of the length of any match: the top level's atoms times their least repetition
   * (groups count 0). 0 when there is a top-level alternation.
   */
  public static int minLength(String re) {
    int total = 0;
    int depth = 0;
    int i = 0;
    int n = re.length();
    if (re.startsWith("(?") && re.indexOf(')') > 1 && isFlags(re.substring(2, re.indexOf(')')))) {
      i = re.indexOf(')') + 1;
    }
    while (i < n) {
      char c = re.charAt(i);
      if (depth > 0) {
        if (c == '\\') {
          i += 2;
          continue;
        }
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        i++;
        if (depth == 0) {
          i = skipQuantifier(re, i); // the group counts 0 whatever repeats it
        }
        continue;
      }
      if (c == '|') {
        return 0;
      }
      int width = 1;
      int atom = 1;
      if (c == '\\' && i + 1 < n) {
        char e = re.charAt(i + 1);
        width = 2;
        if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || "xuUpPQ".indexOf(e) >= 0) {
          return 0; // assertions or long escapes: keep it simple
        }
      } else if (c == '[') {
        width = classWidth(re, i);
      } else if (c == '(') {
        depth = 1;
        atom = 0;
      } else if (c == '^' || c == '$') {
        atom = 0;
      } else if ("*+?{})".indexOf(c) >= 0) {
        return 0; // a quantifier where an atom was expected: unusual, give up
      }
      int after = c == '(' ? i + 1 : i + width;
      if (c != '(' && after < n) {
        char q = re.charAt(after);
        if (q == '*' || q == '?') {
          atom = 0;
          after++;
        } else if (q == '+') {
          after++;
        } else if (q == '{') {
          int close = re.indexOf('}', after);
          if (close < 0) {
            return 0;
          }
          String body = re.substring(after + 1, close);
          int comma = body.indexOf(',');
          try {
            atom *= Integer.parseInt((comma < 0 ? body : body.substring(0, comma)).trim());
          } catch (NumberFormatException e) {
            return 0;
          }
          after = close + 1;
        }
        if (after < n && (re.charAt(after) == '?' || re.charAt(after) == '+')) {
          after++; // lazy or possessive marker
        }
      }
      total += atom;
      i = after;
    }
    return total;
  }

  private static int skipQuantifier(String re, int i) {
    int n = re.length();
    if (i < n && (re.charAt(i) == '*' || re.charAt(i) == '+' || re.charAt(i) == '?')) {
      i++;
    } else if (i < n && re.charAt(i) == '{') {
      int close = re.indexOf('}', i);
      i = close < 0 ? n : close + 1;
    } else {
      return i;
    }
    if (i < n && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
      i++;
    }
    return i;
  }

  private static boolean isFlags(String s) {
    for (int k = 0; k < s.length(); k++) {
      if ("imsU-".indexOf(s.charAt(k)) < 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * The width of the character class that opens at {@code i} ({@code [...]}, a leading {@code ^}
   * and a first {@code ]} included), escapes skipped; past the end when it never closes.
   */
  private static int classWidth(String re, int i) {
    int n = re.length();
    int j = i + 1;
    if (j < n && re.charAt(j) == '^') {
      j++;
    }
    if (j < n && re.charAt(j) == ']') {
      j++;
    }
    while (j < n && re.charAt(j) != ']') {
      j += re.charAt(j) == '\\' ? 2 : 1;
    }
    return j + 1 - i;
  }
}
