/**
 * Optimiser passes: pure functions from one {@link org.patou.sigma.expr.Expr} tree to another
 * ({@link org.patou.sigma.optimise.Simplify}, {@link org.patou.sigma.optimise.MergeStrings}, {@link
 * org.patou.sigma.optimise.OrderByCost}), run in a fixed order by {@link
 * org.patou.sigma.optimise.Optimiser}, plus the analysis the prefilter is built from ({@link
 * org.patou.sigma.optimise.NecessaryLiterals}).
 *
 * <p>Enters: a rule's tree in event field names. Leaves: an equivalent tree. No state, no threads.
 */
package org.patou.sigma.optimise;
