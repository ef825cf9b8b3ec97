package org.patou.sigma.expr;

import java.math.BigDecimal;
import java.util.List;

/**
 * A predicate on one scalar value of a field. String needles of case-insensitive tests are stored
 * lower-cased (Locale.ROOT), so a matcher lower-cases each field value once and compares.
 */
public sealed interface Test {

  /** A literal at a position. {@code needle} is lower-cased unless {@code cased}. */
  record Str(StrOp op, String needle, boolean cased) implements Test {}

  /**
   * Any of several literals at the same position: made by the optimiser from an OR of {@link Str}
   * on one field, matched with one hash set or automaton.
   */
  record StrSet(StrOp op, List<String> needles, boolean cased) implements Test {
    public StrSet {
      needles = List.copyOf(needles);
    }
  }

  /**
   * A pattern with wildcards inside ({@code a*b?c}). {@code pattern} holds {@link Glob#STAR} and
   * {@link Glob#ONE} for the wildcards; lower-cased unless {@code cased}.
   */
  record Glob(String pattern, boolean cased) implements Test {
    public static final char STAR = '\uE000';
    public static final char ONE = '\uE001';
  }

  /** An RE2 regular expression, searched (not anchored). {@code flags} are RE2J flags. */
  record Regex(String pattern, int flags) implements Test {}

  /** A numeric comparison; the field value must be a number or a numeric string. */
  record Num(CmpOp op, BigDecimal value) implements Test {}

  /** The value is an IP address inside the network. */
  record Cidr(String network) implements Test {}

  /** A part of a date value compared with a number. */
  record TimeOf(TimePart part, CmpOp op, long value) implements Test {}
}
