package org.patou.sigma;

import com.google.re2j.Pattern;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.patou.event.Event;
import org.patou.event.NullValue;
import org.patou.sigma.compile.TimeValues;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;

/**
 * The plain reading of the Sigma semantics, straight off the tree, with no caching, routing,
 * prefilter or optimisation: the oracle the compiled matcher is compared with. Deliberately
 * written apart from the compiler (its own glob matcher, its own value conversion).
 */
public final class ReferenceInterpreter {
  private ReferenceInterpreter() {}

  public static boolean eval(Expr e, Event ev) {
    if (e instanceof Expr.And a) {
      return a.children().stream().allMatch(c -> eval(c, ev));
    }
    if (e instanceof Expr.Or o) {
      return o.children().stream().anyMatch(c -> eval(c, ev));
    }
    if (e instanceof Expr.AtLeast a) {
      return a.children().stream().filter(c -> eval(c, ev)).count() >= a.n();
    }
    if (e instanceof Expr.Not n) {
      return !eval(n.child(), ev);
    }
    if (e instanceof Expr.Const k) {
      return k.value();
    }
    if (e instanceof Expr.Exists x) {
      return ev.get(x.field()) != null;
    }
    if (e instanceof Expr.IsNull x) {
      Object v = ev.get(x.field());
      return v == null || v == NullValue.NULL;
    }
    if (e instanceof Expr.FieldEq r) {
      for (Object a : values(ev.get(r.field()))) {
        for (Object b : values(ev.get(r.other()))) {
          String x = text(a);
          String y = text(b);
          if (!r.cased()) {
            x = x.toLowerCase(Locale.ROOT);
            y = y.toLowerCase(Locale.ROOT);
          }
          if (position(r.op(), x, y)) {
            return true;
          }
        }
      }
      return false;
    }
    Expr.Match m = (Expr.Match) e;
    List<Object> vals = new ArrayList<>();
    if (m.field() == null) {
      ev.forEach((k, v) -> vals.addAll(values(v)));
    } else {
      vals.addAll(values(ev.get(m.field())));
    }
    for (Object v : vals) {
      if (test(m.test(), v)) {
        return true;
      }
    }
    return false;
  }

  private static List<Object> values(Object v) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of(v);
  }

  static String text(Object v) {
    if (v == NullValue.NULL) {
      return "";
    }
    return v.toString();
  }

  private static boolean position(StrOp op, String x, String y) {
    switch (op) {
      case EQUALS:
        return x.equals(y);
      case STARTS_WITH:
        return x.startsWith(y);
      case ENDS_WITH:
        return x.endsWith(y);
      default:
        return x.contains(y);
    }
  }

  static boolean test(Test t, Object v) {
    String s = text(v);
    if (t instanceof Test.Str x) {
      return position(x.op(), x.cased() ? s : s.toLowerCase(Locale.ROOT), x.needle());
    }
    if (t instanceof Test.StrSet x) {
      String c = x.cased() ? s : s.toLowerCase(Locale.ROOT);
      return x.needles().stream().anyMatch(n -> position(x.op(), c, n));
    }
    if (t instanceof Test.Glob g) {
      return glob(g.pattern(), 0, g.cased() ? s : s.toLowerCase(Locale.ROOT), 0);
    }
    if (t instanceof Test.Regex r) {
      return Pattern.compile(r.pattern(), r.flags()).matcher(s).find();
    }
    if (t instanceof Test.Num n) {
      BigDecimal d = number(v);
      return d != null && n.op().test(d.compareTo(n.value()));
    }
    if (t instanceof Test.Cidr c) {
      IPAddress a = new IPAddressString(s.trim()).getAddress();
      return a != null && new IPAddressString(c.network()).getAddress().contains(a);
    }
    Test.TimeOf tp = (Test.TimeOf) t;
    long p = TimeValues.part(v, tp.part());
    return p >= 0 && tp.op().test(Long.compare(p, tp.value()));
  }

  private static BigDecimal number(Object v) {
    if (v instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Recursive wildcard matching: slow, obviously right. */
  private static boolean glob(String p, int i, String s, int j) {
    if (i == p.length()) {
      return j == s.length();
    }
    char c = p.charAt(i);
    if (c == Test.Glob.STAR) {
      for (int k = j; k <= s.length(); k++) {
        if (glob(p, i + 1, s, k)) {
          return true;
        }
      }
      return false;
    }
    if (j == s.length()) {
      return false;
    }
    return (c == Test.Glob.ONE || c == s.charAt(j)) && glob(p, i + 1, s, j + 1);
  }
}
