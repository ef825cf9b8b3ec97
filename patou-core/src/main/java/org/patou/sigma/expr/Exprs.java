package org.patou.sigma.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Small structural helpers over {@link Expr} trees. */
public final class Exprs {
  private Exprs() {}

  /** The same tree with every field name passed through {@code f} (a pipeline's field mapping). */
  public static Expr mapFields(Expr e, UnaryOperator<String> f) {
    if (e instanceof Expr.And a) {
      return new Expr.And(mapAll(a.children(), f));
    }
    if (e instanceof Expr.Or o) {
      return new Expr.Or(mapAll(o.children(), f));
    }
    if (e instanceof Expr.AtLeast a) {
      return new Expr.AtLeast(a.n(), mapAll(a.children(), f));
    }
    if (e instanceof Expr.Not n) {
      return new Expr.Not(mapFields(n.child(), f));
    }
    if (e instanceof Expr.Match m) {
      return m.field() == null ? m : new Expr.Match(f.apply(m.field()), m.test());
    }
    if (e instanceof Expr.Exists x) {
      return new Expr.Exists(f.apply(x.field()));
    }
    if (e instanceof Expr.IsNull x) {
      return new Expr.IsNull(f.apply(x.field()));
    }
    if (e instanceof Expr.FieldEq r) {
      return new Expr.FieldEq(f.apply(r.field()), f.apply(r.other()), r.op(), r.cased());
    }
    return e;
  }

  private static List<Expr> mapAll(List<Expr> xs, UnaryOperator<String> f) {
    List<Expr> out = new ArrayList<>(xs.size());
    for (Expr x : xs) {
      out.add(mapFields(x, f));
    }
    return out;
  }

  /** Visits every node, parents before children. */
  public static void walk(Expr e, Consumer<Expr> visit) {
    visit.accept(e);
    if (e instanceof Expr.And a) {
      a.children().forEach(c -> walk(c, visit));
    } else if (e instanceof Expr.Or o) {
      o.children().forEach(c -> walk(c, visit));
    } else if (e instanceof Expr.AtLeast a) {
      a.children().forEach(c -> walk(c, visit));
    } else if (e instanceof Expr.Not n) {
      walk(n.child(), visit);
    }
  }

  public static List<Expr> children(Expr e) {
    if (e instanceof Expr.And a) {
      return a.children();
    }
    if (e instanceof Expr.Or o) {
      return o.children();
    }
    if (e instanceof Expr.AtLeast a) {
      return a.children();
    }
    if (e instanceof Expr.Not n) {
      return List.of(n.child());
    }
    return List.of();
  }
}
