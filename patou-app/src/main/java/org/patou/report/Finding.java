package org.patou.report;

import org.patou.sigma.match.Detection;

/**
 * One detection and the file its event came from: what every output format writes.
 *
 * @param file the input file as found from the paths given ({@code log.file.path})
 */
public record Finding(String file, Detection detection) {}
