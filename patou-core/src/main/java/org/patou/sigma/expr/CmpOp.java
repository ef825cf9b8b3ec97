package org.patou.sigma.expr;

/** Numeric comparison of a field value (left) with the rule's value (right). */
public enum CmpOp {
  LT,
  LTE,
  GT,
  GTE,
  EQ;

  public boolean test(int cmp) {
    switch (this) {
      case LT:
        return cmp < 0;
      case LTE:
        return cmp <= 0;
      case GT:
        return cmp > 0;
      case GTE:
        return cmp >= 0;
      default:
        return cmp == 0;
    }
  }
}
