package org.patou.store;

import java.io.IOException;
import java.nio.file.Path;

/** A WAL file that is not what {@code package-info} says, with the file and the byte offset. */
public final class WalCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  public WalCorruptException(Path file, long offset, String what) {
    super(file + " at offset " + offset + ": " + what);
  }
}
