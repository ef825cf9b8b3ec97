/**
 * From tree to executable matcher: {@link org.patou.sigma.compile.Compiler} turns an optimised
 * {@link org.patou.sigma.expr.Expr} into {@link org.patou.sigma.compile.Node}s that read fields
 * through the per-event {@link org.patou.sigma.compile.EventContext} cache; {@link
 * org.patou.sigma.compile.AhoCorasick}, {@link org.patou.sigma.compile.Glob} and RE2J do the string
 * work (no java.util.regex: nothing here can backtrack).
 *
 * <p>Per-event cost, by design: a field is fetched, stringified and lower-cased at most once per
 * event (router keys such as the channel are lowered through a small bounded cache, so they cost no
 * allocation); a regex runs only after its cheap necessary conditions pass (minimum length, a
 * required literal, a required run of character classes: {@code ClassSequence}, a shift-and scan);
 * event times in the usual ISO shapes are read without java.time ({@link
 * org.patou.sigma.compile.TimeValues}). What is left to allocate per event is the lower-cased
 * values that rules read and the detections themselves.
 *
 * <p>Enters: trees in event field names. Leaves: immutable nodes, shareable between threads; each
 * thread needs its own EventContext. No threads.
 */
package org.patou.sigma.compile;
