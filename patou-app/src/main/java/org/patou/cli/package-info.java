/**
 * The {@code patou} command line (picocli): {@code hunt}, {@code rules check|update}, {@code evtx
 * dump}, {@code demo}, {@code version}. Parses arguments, wires the stages together and maps
 * outcomes to exit codes; the work itself is in {@code org.patou.hunt}, {@code org.patou.parse},
 * {@code org.patou.rules} and {@code org.patou.report}.
 *
 * <p>Enters: arguments. Leaves: text on stdout/stderr, files asked for, an exit code. Threads: the
 * hunt's pool (owned by {@link org.patou.hunt.Hunt}) and one named progress timer per hunt.
 */
package org.patou.cli;
