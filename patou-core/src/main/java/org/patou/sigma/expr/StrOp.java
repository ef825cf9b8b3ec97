package org.patou.sigma.expr;

/** Where a literal must sit in a string value. */
public enum StrOp {
  EQUALS,
  STARTS_WITH,
  ENDS_WITH,
  CONTAINS;

  /** Cheapest first: the order the optimiser sorts string checks in. */
  public int cost() {
    return ordinal();
  }
}
