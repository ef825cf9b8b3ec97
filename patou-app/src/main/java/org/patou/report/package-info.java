/**
 * Output of a hunt: the detections as a text table ({@link org.patou.report.TextWriter}), JSON
 * lines ({@link org.patou.report.JsonlWriter}), RFC 4180 CSV ({@link org.patou.report.CsvWriter})
 * and a self-contained HTML report ({@link org.patou.report.HtmlReport}).
 *
 * <p>Enters: {@link org.patou.report.Finding}s in the order to write. Leaves: characters on a
 * writer, or a file. Owns no threads; writers are used from one thread.
 */
package org.patou.report;
