/**
 * Command-line helpers around the reader, for comparisons and benchmarks: {@link
 * org.patou.evtx.tools.Dump} prints files as JSON lines or XML. Enters: file paths; leaves: text on
 * stdout, warnings and errors on stderr. Uses the reader's own thread pool.
 */
package org.patou.evtx.tools;
