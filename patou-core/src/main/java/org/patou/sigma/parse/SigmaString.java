package org.patou.sigma.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;

/**
 * Sigma string values with wildcards. Parsed text holds {@link Test.Glob#STAR} and {@link
 * Test.Glob#ONE} where the rule wrote an unescaped {@code *} or {@code ?}; {@code \*}, {@code \?}
 * and {@code \\} stand for the plain character, any other backslash is kept (the spec's escape
 * rules, as pySigma reads them).
 */
public final class SigmaString {
  static final char STAR = Test.Glob.STAR;
  static final char ONE = Test.Glob.ONE;

  private SigmaString() {}

  public static String parse(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char n = text.charAt(i + 1);
        if (n == '*' || n == '?' || n == '\\') {
          sb.append(n);
          i++;
          continue;
        }
        sb.append(c);
      } else if (c == '*') {
        sb.append(STAR);
      } else if (c == '?') {
        sb.append(ONE);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  public static boolean hasWildcards(String parsed) {
    return parsed.indexOf(STAR) >= 0 || parsed.indexOf(ONE) >= 0;
  }

  /** Applies the position modifier: adds the stars that contains/startswith/endswith imply. */
  public static String position(String parsed, StrOp op) {
    if (op == null || op == StrOp.EQUALS) {
      return parsed;
    }
    String s = parsed;
    if ((op == StrOp.CONTAINS || op == StrOp.ENDS_WITH) && !s.startsWith(String.valueOf(STAR))) {
      s = STAR + s;
    }
    if ((op == StrOp.CONTAINS || op == StrOp.STARTS_WITH) && !s.endsWith(String.valueOf(STAR))) {
      s = s + STAR;
    }
    return s;
  }

  /** The cheapest test that means the same as the wildcard pattern. */
  public static Test toTest(String pattern, boolean cased) {
    String p = cased ? pattern : pattern.toLowerCase(Locale.ROOT);
    int start = 0;
    int end = p.length();
    while (start < end && p.charAt(start) == STAR) {
      start++;
    }
    while (end > start && p.charAt(end - 1) == STAR) {
      end--;
    }
    String core = p.substring(start, end);
    if (hasWildcards(core)) {
      return new Test.Glob(collapseStars(p), cased);
    }
    boolean lead = start > 0;
    boolean trail = end < p.length();
    StrOp op =
        lead && trail
            ? StrOp.CONTAINS
            : lead ? StrOp.ENDS_WITH : trail ? StrOp.STARTS_WITH : StrOp.EQUALS;
    return new Test.Str(op, core, cased);
  }

  private static String collapseStars(String p) {
    StringBuilder sb = new StringBuilder(p.length());
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == STAR && sb.length() > 0 && sb.charAt(sb.length() - 1) == STAR) {
        continue;
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * The windash modifier, as pySigma does it: a {@code -} or {@code /} that starts a word (not
   * after a word character, before one) may be any of - / en dash, em dash, horizontal bar.
   * Returns every combination.
   */
  public static List<String> windash(String parsed, int line) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < parsed.length(); i++) {
      char c = parsed.charAt(i);
      if ((c == '-' || c == '/')
          && (i == 0 || !isWord(parsed.charAt(i - 1)))
          && i + 1 < parsed.length()
          && isWord(parsed.charAt(i + 1))) {
        at.add(i);
      }
    }
    if (at.size() > 5) {
      throw RuleException.unsupported(
          line, "windash on a value with " + at.size() + " flags gives too many variants");
    }
    List<String> out = new ArrayList<>();
    out.add(parsed);
    char[] dashes = {'-', '/', '\u2013', '\u2014', '\u2015'};
    for (int pos : at) {
      List<String> next = new ArrayList<>(out.size() * dashes.length);
      for (String s : out) {
        for (char d : dashes) {
          char[] cs = s.toCharArray();
          cs[pos] = d;
          next.add(new String(cs));
        }
      }
      out = next;
    }
    return out;
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
