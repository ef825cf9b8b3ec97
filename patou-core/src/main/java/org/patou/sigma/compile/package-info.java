/**
 * From tree to executable matcher: {@link org.patou.sigma.compile.Compiler} turns an optimised
 * {@link org.patou.sigma.expr.Expr} into {@link org.patou.sigma.compile.Node}s that read fields
 * through the per-event {@link org.patou.sigma.compile.EventContext} cache; {@link
 * org.patou.sigma.compile.AhoCorasick}, {@link org.patou.sigma.compile.Glob} and RE2J do the string
 * work (no java.util.regex: nothing here can backtrack).
 *
 * <p>Enters: trees in event field names. Leaves: immutable nodes, shareable between threads; each
 * thread needs its own EventContext. No threads.
 */
package org.patou.sigma.compile;
