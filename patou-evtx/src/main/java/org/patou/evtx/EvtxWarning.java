package org.patou.evtx;

import java.nio.file.Path;

/**
 * Corruption that was skipped: a bad checksum (the data is still read), an unreadable chunk or
 * record (skipped), a truncated tail. {@code offset} is the byte offset in the file.
 */
public record EvtxWarning(Path file, long offset, String message) {
  @Override
  public String toString() {
    return file + " at offset " + offset + ": " + message;
  }
}
