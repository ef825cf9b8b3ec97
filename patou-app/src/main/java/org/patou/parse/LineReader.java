package org.patou.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of UTF-8 text from a stream with a bound on line length, so that a file with no line
 * breaks cannot exhaust memory: past {@code maxLine} bytes the rest of the line is dropped. Invalid
 * UTF-8 becomes U+FFFD. Terminators ({@code \n}, {@code \r\n}) are removed. Not thread-safe.
 */
public final class LineReader {
  private final InputStream in;
  private final int maxLine;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line;
  private int len;
  private long lineNumber;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);

  public LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
    this.line = new byte[Math.min(maxLine, 1024)];
  }

  /** 1-based number of the line last returned. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The next line, or null at the end of the stream. */
  public String readLine() throws IOException {
    len = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos);
      if (pos < limit) {
        pos++; // the \n
        break;
      }
    }
    lineNumber++;
    int end = len;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    decoder.reset();
    CharBuffer chars = decoder.decode(ByteBuffer.wrap(line, 0, end));
    return chars.toString();
  }

  private void append(int from, int to) {
    int n = Math.min(to - from, maxLine - len);
    if (n <= 0) {
      return;
    }
    if (len + n > line.length) {
      byte[] grown = new byte[Math.min(maxLine, Math.max(line.length * 2, len + n))];
      System.arraycopy(line, 0, grown, 0, len);
      line = grown;
    }
    System.arraycopy(buf, from, line, len, n);
    len += n;
  }
}
