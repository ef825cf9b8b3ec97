package org.patou.report;

import java.util.List;

/**
 * The figures of a finished hunt.
 *
 * @param files input files found
 * @param filesRead files read to the end
 * @param skipped files skipped on purpose (no rule reads their channel)
 * @param records records read
 * @param detections detections
 * @param rulesLoaded rules in the matcher
 * @param problems one line per input that could not be read, "path: reason"
 * @param millis wall-clock duration
 */
public record Summary(
    int files,
    int filesRead,
    int skipped,
    long records,
    long detections,
    int rulesLoaded,
    List<String> problems,
    long millis) {}
