package org.patou.sigma.optimise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;

/**
 * Inside an OR, string tests on the same field with the same position and case become one {@link
 * Test.StrSet}: one hash lookup or one automaton pass instead of a test per literal (tau-engine's
 * "shake"). The merged node takes the place of the first literal it absorbs.
 */
public final class MergeStrings {
  private MergeStrings() {}

  private record Key(String field, StrOp op, boolean cased) {}

  public static Expr apply(Expr e) {
    if (e instanceof Expr.Or o) {
      Map<Key, List<String>> groups = new LinkedHashMap<>();
      List<Object> order = new ArrayList<>(); // Expr or Key, in first-seen order
      for (Expr c : o.children()) {
        Expr s = apply(c);
        Key k = key(s);
        if (k == null) {
          order.add(s);
          continue;
        }
        List<String> g = groups.get(k);
        if (g == null) {
          groups.put(k, g = new ArrayList<>());
          order.add(k);
        }
        Test t = ((Expr.Match) s).test();
        if (t instanceof Test.Str str) {
          if (!g.contains(str.needle())) {
            g.add(str.needle());
          }
        } else {
          for (String n : ((Test.StrSet) t).needles()) {
            if (!g.contains(n)) {
              g.add(n);
            }
          }
        }
      }
      List<Expr> xs = new ArrayList<>();
      for (Object x : order) {
        if (x instanceof Key k) {
          List<String> g = groups.get(k);
          xs.add(
              new Expr.Match(
                  k.field(),
                  g.size() == 1 ? new Test.Str(k.op(), g.get(0), k.cased()) : new Test.StrSet(k.op(), g, k.cased())));
        } else {
          xs.add((Expr) x);
        }
      }
      return xs.size() == 1 ? xs.get(0) : new Expr.Or(xs);
    }
    if (e instanceof Expr.And a) {
      List<Expr> xs = new ArrayList<>();
      a.children().forEach(c -> xs.add(apply(c)));
      return new Expr.And(xs);
    }
    if (e instanceof Expr.AtLeast a) {
      List<Expr> xs = new ArrayList<>();
      a.children().forEach(c -> xs.add(apply(c)));
      return new Expr.AtLeast(a.n(), xs);
    }
    if (e instanceof Expr.Not n) {
      return new Expr.Not(apply(n.child()));
    }
    return e;
  }

  private static Key key(Expr e) {
    if (e instanceof Expr.Match m) {
      if (m.test() instanceof Test.Str s) {
        return new Key(m.field(), s.op(), s.cased());
      }
      if (m.test() instanceof Test.StrSet s) {
        return new Key(m.field(), s.op(), s.cased());
      }
    }
    return null;
  }
}
