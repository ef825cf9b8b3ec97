package org.patou.sigma.optimise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.Test;

/**
 * Sorts the children of AND/OR (and N-of) cheapest first, so short-circuiting skips the expensive
 * checks: exact before prefix/suffix before substring before automaton, glob, number, regex;
 * keyword searches (every field) last. In an AND, negations go after the positive tests whatever
 * their cost: a rule's {@code not filter} is nearly always true and so rarely decides. The sort is
 * stable: equal costs keep the rule's order.
 */
public final class OrderByCost {
  private OrderByCost() {}

  public static Expr apply(Expr e) {
    if (e instanceof Expr.And a) {
      // Negations last: a rule's "not filter" is nearly always true, so it rarely ends an AND.
      return new Expr.And(sorted(a.children(), true));
    }
    if (e instanceof Expr.Or o) {
      return new Expr.Or(sorted(o.children(), false));
    }
    if (e instanceof Expr.AtLeast a) {
      return new Expr.AtLeast(a.n(), sorted(a.children(), false));
    }
    if (e instanceof Expr.Not n) {
      return new Expr.Not(apply(n.child()));
    }
    return e;
  }

  private static List<Expr> sorted(List<Expr> xs, boolean negationsLast) {
    List<Expr> out = new ArrayList<>();
    xs.forEach(x -> out.add(apply(x)));
    Comparator<Expr> byCost = Comparator.comparingInt(OrderByCost::cost);
    out.sort(negationsLast ? Comparator.<Expr>comparingInt(x -> x instanceof Expr.Not ? 1 : 0).thenComparing(byCost) : byCost);
    return out;
  }

  /** A rough relative cost of evaluating {@code e} on one event. */
  public static int cost(Expr e) {
    if (e instanceof Expr.Const) {
      return 0;
    }
    if (e instanceof Expr.Exists || e instanceof Expr.IsNull) {
      return 1;
    }
    if (e instanceof Expr.Not n) {
      return cost(n.child());
    }
    if (e instanceof Expr.FieldEq) {
      return 6;
    }
    if (e instanceof Expr.Match m) {
      int c = testCost(m.test());
      return m.field() == null ? c * 20 : c;
    }
    int sum = 0;
    for (Expr c : org.patou.sigma.expr.Exprs.children(e)) {
      sum += cost(c);
    }
    return Math.min(sum, 10_000);
  }

  private static int testCost(Test t) {
    if (t instanceof Test.Str s) {
      return 2 + s.op().cost();
    }
    if (t instanceof Test.StrSet s) {
      return s.op() == org.patou.sigma.expr.StrOp.EQUALS ? 3 : 6;
    }
    if (t instanceof Test.Glob) {
      return 7;
    }
    if (t instanceof Test.Num) {
      return 7;
    }
    if (t instanceof Test.TimeOf) {
      return 9;
    }
    if (t instanceof Test.Cidr) {
      return 12;
    }
    return 15; // regex
  }
}
