/**
 * The sealed tree a Sigma detection becomes: {@link org.patou.sigma.expr.Expr} nodes and the
 * {@link org.patou.sigma.expr.Test} value predicates at their leaves.
 *
 * <p>Enters: nothing (a data model). Leaves: immutable records shared by the parser, the optimiser
 * passes, the compiler and the reference interpreter in the test tree. No threads; safe to share.
 */
package org.patou.sigma.expr;
