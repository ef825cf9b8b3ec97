package org.patou.sigma.compile;

import com.google.re2j.Pattern;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.patou.sigma.expr.CmpOp;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.TimePart;

/**
 * A compiled test on one value. {@link #form()} says which form of the value it reads, so the
 * matcher hands it the cached lower-cased string, the original string, or the raw value.
 */
abstract class Pred {
  static final int LOW = 0;
  static final int STR = 1;
  static final int RAW = 2;
  /** Reads the original string and the lower-cased one: {@link #test2}. */
  static final int BOTH = 3;
  /**
   * Reads the lower-cased value ({@link #test}), or for an ASCII value not lowered yet, the value
   * itself ({@link #testFold}): a whole-value comparison (equals, starts/ends with) against ASCII
   * needles, which folding ASCII case char by char answers exactly, so the value is not copied.
   */
  static final int FOLD = 4;

  abstract int form();

  /** {@code raw} is the event value (or the string for a keyword search); {@code s} its form. */
  abstract boolean test(Object raw, String s);

  /** For {@link #BOTH}: the original and the lower-cased value. */
  boolean test2(String s, String low) {
    return test(s, s);
  }

  /** For {@link #FOLD}: {@code ascii} is an all-ASCII value, in its original case. */
  boolean testFold(String ascii) {
    return test(null, ascii.toLowerCase(java.util.Locale.ROOT));
  }

  /** ASCII and in lower case: ASCII case folding compares it with a value exactly as lowering would. */
  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128 || (c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  private static boolean allAscii(List<String> xs) {
    for (String x : xs) {
      if (!isAscii(x)) {
        return false;
      }
    }
    return true;
  }

  static Pred str(StrOp op, String needle, boolean cased) {
    int form = cased ? STR : LOW;
    int whole = cased ? STR : isAscii(needle) ? FOLD : LOW;
    int n = needle.length();
    switch (op) {
      case EQUALS:
        return new Pred() {
          int form() {
            return whole;
          }

          boolean test(Object raw, String s) {
            return s.equals(needle);
          }

          @Override
          boolean testFold(String ascii) {
            return ascii.length() == n && ascii.regionMatches(true, 0, needle, 0, n);
          }
        };
      case STARTS_WITH:
        return new Pred() {
          int form() {
            return whole;
          }

          boolean test(Object raw, String s) {
            return s.startsWith(needle);
          }

          @Override
          boolean testFold(String ascii) {
            return ascii.regionMatches(true, 0, needle, 0, n);
          }
        };
      case ENDS_WITH:
        return new Pred() {
          int form() {
            return whole;
          }

          boolean test(Object raw, String s) {
            return s.endsWith(needle);
          }

          @Override
          boolean testFold(String ascii) {
            return ascii.length() >= n && ascii.regionMatches(true, ascii.length() - n, needle, 0, n);
          }
        };
      default:
        return new Pred() {
          int form() {
            return form;
          }

          boolean test(Object raw, String s) {
            return s.contains(needle);
          }
        };
    }
  }

  static Pred strSet(StrOp op, List<String> needles, boolean cased) {
    int form = cased ? STR : LOW;
    if (needles.contains("") && op != StrOp.EQUALS) {
      return always(form);
    }
    String[] arr = needles.toArray(new String[0]);
    int whole = cased ? STR : allAscii(needles) ? FOLD : LOW;
    switch (op) {
      case EQUALS:
        {
          Set<String> set = new HashSet<>(needles);
          return new Pred() {
            int form() {
              return form;
            }

            boolean test(Object raw, String s) {
              return set.contains(s);
            }
          };
        }
      case STARTS_WITH:
        return new Pred() {
          int form() {
            return whole;
          }

          boolean test(Object raw, String s) {
            for (String n : arr) {
              if (s.startsWith(n)) {
                return true;
              }
            }
            return false;
          }

          @Override
          boolean testFold(String ascii) {
            for (String n : arr) {
              if (ascii.regionMatches(true, 0, n, 0, n.length())) {
                return true;
              }
            }
            return false;
          }
        };
      case ENDS_WITH:
        return new Pred() {
          int form() {
            return whole;
          }

          boolean test(Object raw, String s) {
            for (String n : arr) {
              if (s.endsWith(n)) {
                return true;
              }
            }
            return false;
          }

          @Override
          boolean testFold(String ascii) {
            int len = ascii.length();
            for (String n : arr) {
              if (len >= n.length() && ascii.regionMatches(true, len - n.length(), n, 0, n.length())) {
                return true;
              }
            }
            return false;
          }
        };
      default:
        if (arr.length <= 4) {
          return new Pred() {
            int form() {
              return form;
            }

            boolean test(Object raw, String s) {
              for (String n : arr) {
                if (s.contains(n)) {
                  return true;
                }
              }
              return false;
            }
          };
        }
        AhoCorasick ac = new AhoCorasick(needles);
        return new Pred() {
          int form() {
            return form;
          }

          boolean test(Object raw, String s) {
            return ac.containsAny(s);
          }
        };
    }
  }

  static Pred always(int form) {
    return new Pred() {
      int form() {
        return form;
      }

      boolean test(Object raw, String s) {
        return true;
      }
    };
  }

  static Pred glob(String pattern, boolean cased) {
    int form = cased ? STR : LOW;
    return new Pred() {
      int form() {
        return form;
      }

      boolean test(Object raw, String s) {
        return Glob.matches(pattern, s);
      }
    };
  }

  /**
   * RE2J: linear time in the input, whatever the pattern. RE2J's NFA costs ~100 ns a character, so
   * a literal every match must contain is checked first on the cached lower-cased value, then a
   * sequence of character classes every match must contain ({@link ClassSequence}, ~1 ns a char).
   */
  static Pred regex(String pattern, int flags) {
    Pattern p = Pattern.compile(pattern, flags);
    Pred run = longRun(pattern, flags);
    if (run == null) {
      run = dotStarChain(pattern, flags);
    }
    if (run != null) {
      return run;
    }
    String guard = org.patou.sigma.optimise.RegexLiterals.longest(pattern, 1);
    List<String> runs = org.patou.sigma.optimise.RegexLiterals.runs(pattern);
    boolean chain = runs.size() > 1;
    int minLength = org.patou.sigma.optimise.RegexLiterals.minLength(pattern);
    ClassSequence seq = ClassSequence.of(pattern, flags);
    if (guard.isEmpty()) {
      if (seq != null) {
        return new Pred() {
          int form() {
            return STR;
          }

          boolean test(Object raw, String s) {
            return s.length() >= minLength && seq.mayMatch(s) && p.matcher(s).find();
          }
        };
      }
      return new Pred() {
        int form() {
          return STR;
        }

        boolean test(Object raw, String s) {
          return s.length() >= minLength && p.matcher(s).find();
        }
      };
    }
    return new Pred() {
      int form() {
        return BOTH;
      }

      boolean test(Object raw, String s) {
        return test2(s, s.toLowerCase(java.util.Locale.ROOT));
      }

      @Override
      boolean test2(String s, String low) {
        return s.length() >= minLength
            && (chain ? org.patou.sigma.optimise.RegexLiterals.inOrder(low, runs) : low.contains(guard))
            && (seq == null || seq.mayMatch(s))
            && p.matcher(s).find();
      }
    };
  }

  /**
   * {@code .{n,}} (or {@code .{n}}, {@code .{n,m}}) alone, as rules use to find over-long command
   * lines: RE2J expands the count into n states and takes ~10 µs a character, while the answer is
   * "some line has at least n code points" ({@code .} matches all but {@code \n}, any code point
   * with {@code (?s)}). Null for any other pattern.
   */
  static Pred longRun(String pattern, int flags) {
    if ((flags & ~Pattern.DOTALL) != 0) {
      return null;
    }
    String re = pattern;
    boolean dotAll = (flags & Pattern.DOTALL) != 0;
    if (re.startsWith("(?s)")) {
      dotAll = true;
      re = re.substring(4);
    }
    // ".{" digits ["," digits] "}" and nothing else; compiled by RE2J already, so the range is valid.
    if (!re.startsWith(".{") || !re.endsWith("}")) {
      return null;
    }
    String body = re.substring(2, re.length() - 1);
    int comma = body.indexOf(',');
    String low = comma < 0 ? body : body.substring(0, comma);
    String high = comma < 0 ? "" : body.substring(comma + 1);
    if (!digits(low, 1) || !digits(high, 0)) {
      return null;
    }
    int n = Integer.parseInt(low);
    boolean anyChar = dotAll;
    return new Pred() {
      int form() {
        return STR;
      }

      boolean test(Object raw, String s) {
        int len = s.length();
        if (len < n) {
          return false; // n code points take at least n chars
        }
        int inLine = 0;
        for (int i = 0; i < len; ) {
          int cp = s.codePointAt(i);
          i += Character.charCount(cp);
          if (cp == '\n' && !anyChar) {
            inLine = 0;
          } else if (++inLine >= n) {
            return true;
          }
        }
        return n == 0;
      }
    };
  }

  /**
   * Literals joined by {@code .*} and nothing else ({@code \\+.*\\+.*\\+}, as rules count
   * separators): RE2J's NFA carries a state per {@code .*} over every character, while a match is
   * exactly "some line holds the literals in order" ({@code .} matches all but {@code \n}), which
   * the earliest occurrence of each after the previous one decides. Case-sensitive patterns only;
   * null for any other pattern.
   */
  static Pred dotStarChain(String pattern, int flags) {
    if (flags != 0) {
      return null;
    }
    List<String> pieces = new java.util.ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int n = pattern.length();
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      if (c == '.' && i + 1 < n && pattern.charAt(i + 1) == '*') {
        if (i + 2 < n && (pattern.charAt(i + 2) == '?' || pattern.charAt(i + 2) == '+')) {
          return null; // lazy or possessive: same language, but keep the shape simple
        }
        pieces.add(lit.toString());
        lit.setLength(0);
        i++;
      } else if (c == '\\' && i + 1 < n && !Character.isLetterOrDigit(pattern.charAt(i + 1))
          && pattern.charAt(i + 1) < 128) {
        lit.append(pattern.charAt(++i));
      } else if (c < 128 && "\\.^$|?*+()[]{}".indexOf(c) < 0 && !Character.isWhitespace(c)
          && !Character.isISOControl(c)) {
        lit.append(c);
      } else {
        return null;
      }
    }
    pieces.add(lit.toString());
    pieces.removeIf(String::isEmpty);
    if (pieces.size() < 2) {
      return null; // a single literal: RE2J's own literal search is fast
    }
    // Each literal must also be followed by ".*" or end the pattern, checked by the loop above;
    // a quantifier after a literal character (a+) returned null there.
    String[] parts = pieces.toArray(new String[0]);
    return new Pred() {
      int form() {
        return STR;
      }

      boolean test(Object raw, String s) {
        int lineStart = 0;
        int len = s.length();
        while (lineStart <= len) {
          int nl = s.indexOf('\n', lineStart);
          int lineEnd = nl < 0 ? len : nl;
          int from = lineStart;
          boolean all = true;
          for (String part : parts) {
            int at = s.indexOf(part, from);
            if (at < 0 || at + part.length() > lineEnd) {
              all = false;
              break;
            }
            from = at + part.length();
          }
          if (all) {
            return true;
          }
          if (nl < 0) {
            return false;
          }
          lineStart = nl + 1;
        }
        return false;
      }
    };
  }

  private static boolean digits(String s, int min) {
    if (s.length() < min || s.length() > 4) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  static Pred num(CmpOp op, BigDecimal value) {
    return new Pred() {
      int form() {
        return RAW;
      }

      boolean test(Object raw, String s) {
        BigDecimal v = Values.number(raw);
        return v != null && op.test(v.compareTo(value));
      }
    };
  }

  static Pred cidr(String network) {
    IPAddress net = new IPAddressString(network).getAddress();
    return new Pred() {
      int form() {
        return STR;
      }

      boolean test(Object raw, String s) {
        if (s.isEmpty() || s.length() > 64) {
          return false;
        }
        IPAddress a = new IPAddressString(s.trim()).getAddress();
        return a != null && net.contains(a);
      }
    };
  }

  static Pred time(TimePart part, CmpOp op, long value) {
    return new Pred() {
      int form() {
        return RAW;
      }

      boolean test(Object raw, String s) {
        long p = TimeValues.part(raw, part);
        return p >= 0 && op.test(Long.compare(p, value));
      }
    };
  }
}
