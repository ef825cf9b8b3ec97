package org.patou.sigma.compile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.Test;

/**
 * Turns an (optimised) {@link Expr} in event field names into a {@link Node}. Equal tests share one
 * compiled {@link Pred} (they are immutable): a rule runs in one variant per pipeline source (Sysmon
 * and Security, EVTX and Winlogbeat), and without sharing, a hash-list rule would build its
 * automaton of 10^5 states once per variant.
 */
public final class Compiler {
  private final FieldTable fields;
  private final Map<Test, Pred> preds;

  /**
   * Compiled tests, shared between compilers: the loader's trial compilation (so that "loaded"
   * means "compiles") and the detector's compilation then build each automaton and regex once.
   * Not thread-safe; held by one loader.
   */
  public static final class Cache {
    final Map<Test, Pred> preds = new HashMap<>();
  }

  public Compiler(FieldTable fields) {
    this(fields, new Cache());
  }

  public Compiler(FieldTable fields, Cache cache) {
    this.fields = fields;
    this.preds = cache.preds;
  }

  public Node compile(Expr e) {
    if (e instanceof Expr.And a) {
      return new Node.And(all(a.children()));
    }
    if (e instanceof Expr.Or o) {
      return new Node.Or(all(o.children()));
    }
    if (e instanceof Expr.AtLeast a) {
      return new Node.AtLeast(a.n(), all(a.children()));
    }
    if (e instanceof Expr.Not n) {
      return new Node.Not(compile(n.child()));
    }
    if (e instanceof Expr.Const k) {
      return new Node.Const(k.value());
    }
    if (e instanceof Expr.Exists x) {
      return new Node.Exists(fields.slot(x.field()));
    }
    if (e instanceof Expr.IsNull x) {
      return new Node.IsNull(fields.slot(x.field()));
    }
    if (e instanceof Expr.FieldEq r) {
      return new Node.FieldEq(fields.slot(r.field()), fields.slot(r.other()), r.op(), r.cased());
    }
    Expr.Match m = (Expr.Match) e;
    Pred p = preds.computeIfAbsent(m.test(), Compiler::pred);
    return m.field() == null ? new Node.Keyword(p) : new Node.Match(fields.slot(m.field()), p);
  }

  private Node[] all(List<Expr> xs) {
    Node[] out = new Node[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = compile(xs.get(i));
    }
    return out;
  }

  static Pred pred(Test t) {
    if (t instanceof Test.Str s) {
      return Pred.str(s.op(), s.needle(), s.cased());
    }
    if (t instanceof Test.StrSet s) {
      return Pred.strSet(s.op(), s.needles(), s.cased());
    }
    if (t instanceof Test.Glob g) {
      return Pred.glob(g.pattern(), g.cased());
    }
    if (t instanceof Test.Regex r) {
      return Pred.regex(r.pattern(), r.flags());
    }
    if (t instanceof Test.Num n) {
      return Pred.num(n.op(), n.value());
    }
    if (t instanceof Test.Cidr c) {
      return Pred.cidr(c.network());
    }
    Test.TimeOf tp = (Test.TimeOf) t;
    return Pred.time(tp.part(), tp.op(), tp.value());
  }
}
