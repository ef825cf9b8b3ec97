package org.patou.evtx;

/**
 * Malformed BinXML inside a chunk: caught per record by {@link ChunkReader}, which skips the record
 * with a warning. {@code offset} is relative to the chunk start.
 */
final class BinXmlException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int offset;

  BinXmlException(String message, int offset) {
    super(message + " at chunk offset " + offset, null, false, false);
    this.offset = offset;
  }
}
