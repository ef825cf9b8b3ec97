package org.patou.sigma.optimise;

import java.util.EnumSet;
import java.util.Set;
import org.patou.sigma.expr.Expr;

/**
 * Runs the passes in a fixed order: simplify, merge strings, simplify again, order by cost. Each
 * pass is a pure function of the tree and can be switched off (tests run every rule both ways).
 */
public final class Optimiser {
  public enum Pass {
    SIMPLIFY,
    MERGE_STRINGS,
    ORDER_BY_COST
  }

  private final Set<Pass> passes;

  public Optimiser(Set<Pass> passes) {
    this.passes = passes.isEmpty() ? EnumSet.noneOf(Pass.class) : EnumSet.copyOf(passes);
  }

  public static Optimiser all() {
    return new Optimiser(EnumSet.allOf(Pass.class));
  }

  /** Whether this runs every pass, as {@link #all()} does. */
  public boolean runsAll() {
    return passes.containsAll(EnumSet.allOf(Pass.class));
  }

  public static Optimiser none() {
    return new Optimiser(EnumSet.noneOf(Pass.class));
  }

  public Expr run(Expr e) {
    Expr x = e;
    if (passes.contains(Pass.SIMPLIFY)) {
      x = Simplify.apply(x);
    }
    if (passes.contains(Pass.MERGE_STRINGS)) {
      x = MergeStrings.apply(x);
      if (passes.contains(Pass.SIMPLIFY)) {
        x = Simplify.apply(x);
      }
    }
    if (passes.contains(Pass.ORDER_BY_COST)) {
      x = OrderByCost.apply(x);
    }
    return x;
  }
}
