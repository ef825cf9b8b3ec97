package org.patou.report;

import java.io.IOException;

/** Writes detections as they come, in the order given, in one format. */
public interface DetectionWriter {

  /** One detection. */
  void write(Finding f) throws IOException;

  /** After the last detection: summary lines, closing brackets. Does not close the stream. */
  void end(Summary summary) throws IOException;
}
