package org.patou.sigma.expr;

import java.util.List;

/**
 * A rule's detection logic as a tree: what the parser produces, what the optimiser passes rewrite
 * and what the compiler turns into a matcher. Field names are rule names before pipeline mapping and
 * event names after it. Immutable; records give structural equality so passes can be tested on the
 * exact tree they produce.
 */
public sealed interface Expr {

  /** All children hold. */
  record And(List<Expr> children) implements Expr {
    public And {
      children = List.copyOf(children);
    }
  }

  /** At least one child holds. */
  record Or(List<Expr> children) implements Expr {
    public Or {
      children = List.copyOf(children);
    }
  }

  /** At least {@code n} children hold ({@code 2 of selection*}). */
  record AtLeast(int n, List<Expr> children) implements Expr {
    public AtLeast {
      children = List.copyOf(children);
    }
  }

  record Not(Expr child) implements Expr {}

  /** A constant, produced by the optimiser when it folds a branch. */
  record Const(boolean value) implements Expr {
    public static final Const TRUE = new Const(true);
    public static final Const FALSE = new Const(false);
  }

  /**
   * A value test on one field: holds when the field is present and its value (or, for a list, one
   * element) passes {@code test}. {@code field == null} is a keyword search: any field's value.
   */
  record Match(String field, Test test) implements Expr {}

  /** The field is present, with any value (null included). */
  record Exists(String field) implements Expr {}

  /** The field is absent or null ({@code Field: null} in a rule). */
  record IsNull(String field) implements Expr {}

  /**
   * {@code field|fieldref: other}: compares the values of two fields of the same event. {@code op}
   * says how (equality or the position modifiers given with it).
   */
  record FieldEq(String field, String other, StrOp op, boolean cased) implements Expr {}

  static Expr and(List<Expr> xs) {
    return xs.size() == 1 ? xs.get(0) : new And(xs);
  }

  static Expr or(List<Expr> xs) {
    return xs.size() == 1 ? xs.get(0) : new Or(xs);
  }
}
