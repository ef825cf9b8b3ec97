/**
 * The hunt: one-shot acquisition of files ({@link org.patou.hunt.InputFiles}), reading them by
 * format, and detection through the {@link org.patou.hunt.Engine} seam.
 *
 * <p>The seams to the other modules are here and nowhere else: {@link org.patou.hunt.SigmaEngine}
 * (patou-core's loader and detector) and {@link org.patou.hunt.EvtxSupport} (patou-evtx).
 *
 * <p>Enters: paths. Leaves: {@link org.patou.hunt.FileResult}s, one per file, in file order. Threads:
 * {@link org.patou.hunt.Hunt} owns a bounded pool of named workers for the length of one run.
 */
package org.patou.hunt;
