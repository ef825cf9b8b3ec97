package org.patou.sigma.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.sigma.expr.Expr;

/**
 * The condition grammar, by recursive descent, with search identifiers inlined as it goes:
 *
 * <pre>
 * or   := and ('or' and)*
 * and  := not ('and' not)*
 * not  := 'not' not | atom
 * atom := '(' or ')' | quant 'of' (pattern | 'them') | identifier
 * quant:= number | 'all' | 'any'
 * </pre>
 *
 * Precedence is the spec's: not binds tighter than and, and than or. A pipe ({@code | count()})
 * is a Sigma 1 aggregation, replaced by correlation rules: reported as unsupported.
 */
public final class ConditionParser {
  private final Map<String, Expr> idents;
  private final int line;
  private final List<String> tokens;
  private int pos;

  private ConditionParser(Map<String, Expr> idents, int line, List<String> tokens) {
    this.idents = idents;
    this.line = line;
    this.tokens = tokens;
  }

  public static Expr parse(String condition, Map<String, Expr> idents, int line) {
    if (condition.indexOf('|') >= 0) {
      throw RuleException.unsupported(
          line, "Sigma 1 aggregation in condition ('" + condition.trim() + "'): use a correlation rule");
    }
    ConditionParser p = new ConditionParser(idents, line, tokenize(condition, line));
    if (p.tokens.isEmpty()) {
      throw RuleException.invalid(line, "empty condition");
    }
    Expr e = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return e;
  }

  private static List<String> tokenize(String s, int line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length()
            && !Character.isWhitespace(s.charAt(j))
            && s.charAt(j) != '('
            && s.charAt(j) != ')') {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private RuleException error(String msg) {
    return RuleException.invalid(line, "bad condition: " + msg);
  }

  private String peek() {
    return pos < tokens.size() ? tokens.get(pos).toLowerCase(Locale.ROOT) : null;
  }

  private Expr or() {
    List<Expr> xs = new ArrayList<>();
    xs.add(and());
    while ("or".equals(peek())) {
      pos++;
      xs.add(and());
    }
    return Expr.or(xs);
  }

  private Expr and() {
    List<Expr> xs = new ArrayList<>();
    xs.add(not());
    while ("and".equals(peek())) {
      pos++;
      xs.add(not());
    }
    return Expr.and(xs);
  }

  private Expr not() {
    if ("not".equals(peek())) {
      pos++;
      return new Expr.Not(not());
    }
    return atom();
  }

  private Expr atom() {
    String t = peek();
    if (t == null) {
      throw error("ends too early");
    }
    if (t.equals("(")) {
      pos++;
      Expr e = or();
      if (!")".equals(peek())) {
        throw error("missing ')'");
      }
      pos++;
      return e;
    }
    if (t.equals(")") || t.equals("and") || t.equals("or") || t.equals("of")) {
      throw error("unexpected '" + tokens.get(pos) + "'");
    }
    if (pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
      return quantified(t);
    }
    if (t.equals("near")) {
      throw RuleException.unsupported(line, "'near' in condition (Sigma 1): use a correlation rule");
    }
    String name = tokens.get(pos++);
    Expr e = idents.get(name);
    if (e == null) {
      throw error("unknown search identifier '" + name + "'");
    }
    return e;
  }

  private Expr quantified(String quant) {
    pos += 2; // quantifier and 'of'
    if (pos >= tokens.size()) {
      throw error("'of' needs a pattern or 'them'");
    }
    String pattern = tokens.get(pos++);
    List<Expr> matched = new ArrayList<>();
    boolean them = pattern.equalsIgnoreCase("them");
    for (Map.Entry<String, Expr> e : idents.entrySet()) {
      String name = e.getKey();
      if (them ? !name.startsWith("_") : globMatch(pattern, name)) {
        matched.add(e.getValue());
      }
    }
    if (matched.isEmpty()) {
      throw error("no search identifier matches '" + pattern + "'");
    }
    if (quant.equals("all")) {
      return Expr.and(matched);
    }
    int n;
    if (quant.equals("any")) {
      n = 1;
    } else {
      try {
        n = Integer.parseInt(quant);
      } catch (NumberFormatException e) {
        throw error("'" + quant + " of' needs a number or 'all'");
      }
    }
    if (n < 1) {
      throw error("'" + quant + " of' needs at least 1");
    }
    if (n == 1) {
      return Expr.or(matched);
    }
    if (n >= matched.size()) {
      return n == matched.size() ? Expr.and(matched) : Expr.Const.FALSE;
    }
    return new Expr.AtLeast(n, matched);
  }

  /** Identifier patterns: {@code *} is any run of characters; nothing else is special. */
  static boolean globMatch(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int mark = 0;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = n;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
        p++;
        n++;
      } else if (star >= 0) {
        p = star + 1;
        n = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
