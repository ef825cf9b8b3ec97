package org.patou.event;

/**
 * Input that could not be read as an event. The message names where: a line and column for text, a
 * byte offset for binary input. The only exception patou's decoders throw for bad input.
 */
public class EventParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long line;
  private final long offset;

  public EventParseException(String message, long line, long offset, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.offset = offset;
  }

  public EventParseException(String message, long line, long offset) {
    this(message, line, offset, null);
  }

  /** 1-based line, or -1 when unknown or not text. */
  public long line() {
    return line;
  }

  /** 0-based byte or character offset, or -1 when unknown. */
  public long offset() {
    return offset;
  }
}
