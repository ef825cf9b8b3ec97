package org.patou.sigma;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.event.NullValue;
import org.patou.sigma.expr.CmpOp;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;
import org.patou.sigma.expr.TimePart;

/**
 * Seeded random rules and events over a tiny vocabulary, so that random rules often match random
 * events (a property test that never matches proves nothing). Follows the parser's invariants:
 * needles of case-insensitive tests are lower-case.
 */
final class ExprGenerator {
  static final String[] FIELDS = {"A", "B", "C", "D"};
  static final String[] WORDS = {"ab", "Ab", "b", "abc", "ba", "c", "", "a b", "ABC", "cab"};

  private final Random r;

  ExprGenerator(long seed) {
    this.r = new Random(seed);
  }

  Expr expr(int depth) {
    int k = depth <= 0 ? 10 + r.nextInt(10) : r.nextInt(20);
    if (k < 3) {
      return new Expr.And(children(depth));
    }
    if (k < 6) {
      return new Expr.Or(children(depth));
    }
    if (k < 7) {
      List<Expr> xs = children(depth);
      return new Expr.AtLeast(1 + r.nextInt(xs.size()), xs);
    }
    if (k < 9) {
      return new Expr.Not(expr(depth - 1));
    }
    if (k == 10) {
      return new Expr.Exists(field());
    }
    if (k == 11) {
      return new Expr.IsNull(field());
    }
    if (k == 12) {
      return new Expr.FieldEq(field(), field(), StrOp.values()[r.nextInt(4)], r.nextBoolean());
    }
    if (k == 13 && r.nextInt(4) == 0) {
      return new Expr.Match(null, test());
    }
    return new Expr.Match(field(), test());
  }

  private List<Expr> children(int depth) {
    int n = 1 + r.nextInt(4);
    List<Expr> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(expr(depth - 1));
    }
    return xs;
  }

  String field() {
    return FIELDS[r.nextInt(FIELDS.length)];
  }

  private String word() {
    return WORDS[r.nextInt(WORDS.length)];
  }

  Test test() {
    int k = r.nextInt(12);
    boolean cased = r.nextInt(4) == 0;
    if (k < 5) {
      String w = word();
      return new Test.Str(StrOp.values()[r.nextInt(4)], cased ? w : w.toLowerCase(Locale.ROOT), cased);
    }
    if (k < 7) {
      List<String> ws = new ArrayList<>();
      int n = 2 + r.nextInt(6);
      for (int i = 0; i < n; i++) {
        String w = word();
        ws.add(cased ? w : w.toLowerCase(Locale.ROOT));
      }
      return new Test.StrSet(StrOp.values()[r.nextInt(4)], ws.stream().distinct().toList(), cased);
    }
    if (k == 7) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        int c = r.nextInt(5);
        sb.append(c == 0 ? Test.Glob.STAR : c == 1 ? Test.Glob.ONE : "abcAB".charAt(r.nextInt(cased ? 5 : 3)));
      }
      return new Test.Glob(sb.toString(), cased);
    }
    if (k == 8) {
      String[] res = {"a.b", "^ab", "b$", "(a|b)c", "A", "a+b", "^$", "c.*a"};
      return new Test.Regex(res[r.nextInt(res.length)], r.nextBoolean() ? com.google.re2j.Pattern.CASE_INSENSITIVE : 0);
    }
    if (k == 9) {
      return new Test.Num(CmpOp.values()[r.nextInt(4)], BigDecimal.valueOf(r.nextInt(5)));
    }
    if (k == 10) {
      return new Test.Cidr(r.nextBoolean() ? "10.0.0.0/8" : "fe80::/10");
    }
    return new Test.TimeOf(TimePart.HOUR, CmpOp.values()[r.nextInt(5)], r.nextInt(4));
  }

  Event event() {
    EventBuilder b = new EventBuilder();
    for (String f : FIELDS) {
      if (r.nextInt(4) == 0) {
        continue;
      }
      b.add(f, value());
    }
    if (r.nextInt(3) == 0) {
      b.add("K", r.nextBoolean() ? "k1" : "K2");
    }
    return b.build();
  }

  private Object value() {
    int k = r.nextInt(14);
    if (k < 6) {
      return word() + (r.nextBoolean() ? "" : word());
    }
    if (k == 6) {
      return (long) r.nextInt(5);
    }
    if (k == 7) {
      return r.nextInt(5) + 0.5;
    }
    if (k == 8) {
      return NullValue.NULL;
    }
    if (k == 9) {
      return r.nextBoolean() ? "10.1.2.3" : "fe80::1";
    }
    if (k == 10) {
      return "2024-05-06T0" + r.nextInt(4) + ":30:00Z";
    }
    if (k == 11) {
      return List.of(word(), word());
    }
    if (k == 12) {
      return Boolean.valueOf(r.nextBoolean());
    }
    return String.valueOf(r.nextInt(5));
  }

  /** A precondition over the routing field K (or none), to exercise the router. */
  Expr when() {
    int k = r.nextInt(4);
    if (k == 0) {
      return Expr.Const.TRUE;
    }
    if (k == 1) {
      return new Expr.Match("K", new Test.Str(StrOp.EQUALS, "k1", false));
    }
    if (k == 2) {
      return new Expr.And(
          List.of(new Expr.Match("K", new Test.Str(StrOp.EQUALS, "k2", false)), new Expr.Match("A", new Test.StrSet(StrOp.EQUALS, List.of("ab", "b"), false))));
    }
    return new Expr.Match("K", new Test.StrSet(StrOp.EQUALS, List.of("k1", "k2"), false));
  }
}
