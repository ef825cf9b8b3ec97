package org.patou.hunt;

import java.nio.file.Path;
import java.util.List;
import org.patou.parse.InputFormat;
import org.patou.sigma.match.Detection;

/**
 * What reading one file gave.
 *
 * @param file the file, as found from the paths given
 * @param format its sniffed format, or null when it could not be opened
 * @param records records read (events handed to the matcher, before time filtering)
 * @param detections the file's detections, ordered by event time (events without time first)
 * @param error why the file could not be read, or not to the end (detections before the error are
 *     kept); null when it was read
 * @param skipped why the file was skipped on purpose (no rule reads its channel), or null
 */
public record FileResult(
    Path file,
    InputFormat format,
    long records,
    List<Detection> detections,
    String error,
    String skipped) {}
