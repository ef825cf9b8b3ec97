package org.patou.evtx;

import java.nio.file.Path;
import org.patou.event.EventParseException;

/**
 * A file that cannot be read as EVTX (too short, not EVTX, unreadable), or, with {@link
 * EvtxOptions#strict()}, the first corruption found. The message names the file and the byte
 * offset; {@link #offset()} is that offset in the file, or -1.
 */
public final class EvtxException extends EventParseException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public EvtxException(Path file, long offset, String reason, Throwable cause) {
    super(file + (offset >= 0 ? " at offset " + offset : "") + ": " + reason, -1, offset, cause);
    this.file = file;
  }

  public EvtxException(Path file, long offset, String reason) {
    this(file, offset, reason, null);
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
