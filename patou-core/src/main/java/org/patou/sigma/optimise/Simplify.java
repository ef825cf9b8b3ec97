package org.patou.sigma.optimise;

import java.util.ArrayList;
import java.util.List;
import org.patou.sigma.expr.Expr;

/**
 * Flattens nested AND/OR, folds constants, removes double negation and collapses one-child nodes.
 * Pure: returns a new tree, meaning unchanged.
 */
public final class Simplify {
  private Simplify() {}

  public static Expr apply(Expr e) {
    if (e instanceof Expr.And a) {
      List<Expr> xs = new ArrayList<>();
      for (Expr c : a.children()) {
        Expr s = apply(c);
        if (s instanceof Expr.Const k) {
          if (!k.value()) {
            return Expr.Const.FALSE;
          }
          continue;
        }
        if (s instanceof Expr.And inner) {
          xs.addAll(inner.children());
        } else {
          xs.add(s);
        }
      }
      return xs.isEmpty() ? Expr.Const.TRUE : xs.size() == 1 ? xs.get(0) : new Expr.And(xs);
    }
    if (e instanceof Expr.Or o) {
      List<Expr> xs = new ArrayList<>();
      for (Expr c : o.children()) {
        Expr s = apply(c);
        if (s instanceof Expr.Const k) {
          if (k.value()) {
            return Expr.Const.TRUE;
          }
          continue;
        }
        if (s instanceof Expr.Or inner) {
          xs.addAll(inner.children());
        } else {
          xs.add(s);
        }
      }
      return xs.isEmpty() ? Expr.Const.FALSE : xs.size() == 1 ? xs.get(0) : new Expr.Or(xs);
    }
    if (e instanceof Expr.AtLeast a) {
      List<Expr> xs = new ArrayList<>();
      int need = a.n();
      for (Expr c : a.children()) {
        Expr s = apply(c);
        if (s instanceof Expr.Const k) {
          if (k.value()) {
            need--;
          }
          continue;
        }
        xs.add(s);
      }
      if (need <= 0) {
        return Expr.Const.TRUE;
      }
      if (need > xs.size()) {
        return Expr.Const.FALSE;
      }
      if (need == 1) {
        return apply(new Expr.Or(xs));
      }
      if (need == xs.size()) {
        return apply(new Expr.And(xs));
      }
      return new Expr.AtLeast(need, xs);
    }
    if (e instanceof Expr.Not n) {
      Expr s = apply(n.child());
      if (s instanceof Expr.Not inner) {
        return inner.child();
      }
      if (s instanceof Expr.Const k) {
        return new Expr.Const(!k.value());
      }
      return new Expr.Not(s);
    }
    return e;
  }
}
