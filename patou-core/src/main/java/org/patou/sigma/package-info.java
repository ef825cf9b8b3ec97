/**
 * The Sigma engine's front door: {@link org.patou.sigma.SigmaLoader} takes rule files (text handed
 * in, never opened here), reports what loaded ({@link org.patou.sigma.LoadReport}) and compiles a
 * {@link org.patou.sigma.match.Detector} under {@link org.patou.sigma.DetectorOptions}. {@link
 * org.patou.sigma.CorrelationHook} is the seam to {@code org.patou.correlation}.
 *
 * <p>Flow: {@code parse} (YAML to tree) → {@code pipeline} (logsource and field mapping) → {@code
 * optimise} (passes) → {@code compile} (tree to nodes) → {@code match} (routing, prefilter,
 * detections).
 *
 * <p>Enters: {@link org.patou.sigma.rule.RuleSource}s, pipelines, placeholder values. Leaves: a
 * report and a detector. Owns no threads; a loader is used by one thread.
 */
package org.patou.sigma;
