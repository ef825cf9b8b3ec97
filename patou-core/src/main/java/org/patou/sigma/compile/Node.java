package org.patou.sigma.compile;

import org.patou.event.NullValue;
import org.patou.sigma.expr.StrOp;

/**
 * A compiled condition: evaluated against the {@link EventContext} of the current event. The
 * subclasses mirror {@link org.patou.sigma.expr.Expr}; children are arrays, checked in the order
 * the optimiser left them (cheapest first), with short-circuit.
 */
public abstract class Node {
  public abstract boolean eval(EventContext c);

  static final class And extends Node {
    private final Node[] xs;

    And(Node[] xs) {
      this.xs = xs;
    }

    @Override
    public boolean eval(EventContext c) {
      for (Node x : xs) {
        if (!x.eval(c)) {
          return false;
        }
      }
      return true;
    }
  }

  static final class Or extends Node {
    private final Node[] xs;

    Or(Node[] xs) {
      this.xs = xs;
    }

    @Override
    public boolean eval(EventContext c) {
      for (Node x : xs) {
        if (x.eval(c)) {
          return true;
        }
      }
      return false;
    }
  }

  static final class AtLeast extends Node {
    private final int n;
    private final Node[] xs;

    AtLeast(int n, Node[] xs) {
      this.n = n;
      this.xs = xs;
    }

    @Override
    public boolean eval(EventContext c) {
      int hits = 0;
      for (int i = 0; i < xs.length; i++) {
        if (xs[i].eval(c) && ++hits >= n) {
          return true;
        }
        if (hits + (xs.length - i - 1) < n) {
          return false;
        }
      }
      return false;
    }
  }

  static final class Not extends Node {
    private final Node x;

    Not(Node x) {
      this.x = x;
    }

    @Override
    public boolean eval(EventContext c) {
      return !x.eval(c);
    }
  }

  static final class Const extends Node {
    private final boolean v;

    Const(boolean v) {
      this.v = v;
    }

    @Override
    public boolean eval(EventContext c) {
      return v;
    }
  }

  /** Any value of the field (any element of a list) passes the predicate. */
  static final class Match extends Node {
    private final int slot;
    private final Pred pred;
    private final int form;

    Match(int slot, Pred pred) {
      this.slot = slot;
      this.pred = pred;
      this.form = pred.form();
    }

    @Override
    public boolean eval(EventContext c) {
      int n = c.count(slot);
      if (form == Pred.BOTH) {
        for (int i = 0; i < n; i++) {
          if (pred.test2(c.str(slot, i), c.low(slot, i))) {
            return true;
          }
        }
        return false;
      }
      if (form == Pred.FOLD) {
        for (int i = 0; i < n; i++) {
          String ascii = c.asciiUnlowered(slot, i);
          if (ascii != null ? pred.testFold(ascii) : pred.test(null, c.low(slot, i))) {
            return true;
          }
        }
        return false;
      }
      for (int i = 0; i < n; i++) {
        String s = form == Pred.LOW ? c.low(slot, i) : form == Pred.STR ? c.str(slot, i) : null;
        if (pred.test(form == Pred.RAW ? c.rawAt(slot, i) : null, s)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A keyword search: any value of any field passes. */
  static final class Keyword extends Node {
    private final Pred pred;

    Keyword(Pred pred) {
      this.pred = pred;
    }

    @Override
    public boolean eval(EventContext c) {
      int n = c.keywordCount();
      boolean lower = pred.form() == Pred.LOW || pred.form() == Pred.FOLD;
      if (pred.form() == Pred.BOTH) {
        for (int i = 0; i < n; i++) {
          if (pred.test2(c.keywordStr(i), c.keywordLow(i))) {
            return true;
          }
        }
        return false;
      }
      for (int i = 0; i < n; i++) {
        String s = lower ? c.keywordLow(i) : c.keywordStr(i);
        if (pred.test(c.keywordStr(i), s)) {
          return true;
        }
      }
      return false;
    }
  }

  static final class Exists extends Node {
    private final int slot;

    Exists(int slot) {
      this.slot = slot;
    }

    @Override
    public boolean eval(EventContext c) {
      return c.raw(slot) != null;
    }
  }

  static final class IsNull extends Node {
    private final int slot;

    IsNull(int slot) {
      this.slot = slot;
    }

    @Override
    public boolean eval(EventContext c) {
      Object v = c.raw(slot);
      return v == null || v == NullValue.NULL;
    }
  }

  /** fieldref: some value of one field relates to some value of the other. */
  static final class FieldEq extends Node {
    private final int a;
    private final int b;
    private final StrOp op;
    private final boolean cased;

    FieldEq(int a, int b, StrOp op, boolean cased) {
      this.a = a;
      this.b = b;
      this.op = op;
      this.cased = cased;
    }

    @Override
    public boolean eval(EventContext c) {
      int na = c.count(a);
      int nb = c.count(b);
      for (int i = 0; i < na; i++) {
        String x = cased ? c.str(a, i) : c.low(a, i);
        for (int j = 0; j < nb; j++) {
          String y = cased ? c.str(b, j) : c.low(b, j);
          if (relate(op, x, y)) {
            return true;
          }
        }
      }
      return false;
    }

    static boolean relate(StrOp op, String x, String y) {
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
  }
}
