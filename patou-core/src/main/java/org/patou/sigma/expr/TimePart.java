package org.patou.sigma.expr;

/** The time-part modifiers: which number to take from a date value. */
public enum TimePart {
  MINUTE,
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR
}
