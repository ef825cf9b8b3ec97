package org.patou.sigma.optimise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
      // Sets keep first-seen order and make each test O(1): an OR of thousands of literals (IOC
      // lists) made the list's contains() quadratic, a visible share of loading the rule set.
      Map<Key, LinkedHashSet<String>> groups = new LinkedHashMap<>();
      List<Object> order = new ArrayList<>(); // Expr or Key, in first-seen order
      for (Expr c : o.children()) {
        Expr s = apply(c);
        Key k = key(s);
        if (k == null) {
          order.add(s);
          continue;
        }
        LinkedHashSet<String> g = groups.get(k);
        if (g == null) {
          groups.put(k, g = new LinkedHashSet<>());
          order.add(k);
        }
        Test t = ((Expr.Match) s).test();
        if (t instanceof Test.Str str) {
          g.add(str.needle());
        } else {
          g.addAll(((Test.StrSet) t).needles());
        }
      }
      List<Expr> xs = new ArrayList<>();
      for (Object x : order) {
        if (x instanceof Key k) {
          List<String> g = new ArrayList<>(groups.get(k));
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
