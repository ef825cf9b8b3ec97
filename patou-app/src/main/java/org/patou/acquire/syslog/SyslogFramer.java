package org.patou.acquire.syslog;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a syslog TCP stream into messages (RFC 6587): octet counting ({@code LEN SP MSG}) when a
 * frame starts with a digit followed by digits and a space, else non-transparent framing (LF, an
 * optional CR before it dropped). Each connection may mix both. A frame over {@code maxFrame} bytes
 * is skipped whole and reported to {@code onOversize}; empty lines are ignored.
 *
 * <p>Pure and not thread-safe: one per connection. Never throws on any input.
 */
public final class SyslogFramer {
  private static final int MAX_DIGITS = 9;

  private final int maxFrame;
  private final Consumer<byte[]> out;
  private final Runnable onOversize;
  private byte[] buf = new byte[256];
  private int len;
  /** START, DIGITS (reading an octet count), COUNTED (reading n bytes), LINE, SKIP_LINE, SKIP_COUNTED. */
  private int state = START;
  private long remaining;

  private static final int START = 0;
  private static final int DIGITS = 1;
  private static final int COUNTED = 2;
  private static final int LINE = 3;
  private static final int SKIP_LINE = 4;
  private static final int SKIP_COUNTED = 5;

  public SyslogFramer(int maxFrame, Consumer<byte[]> out, Runnable onOversize) {
    this.maxFrame = maxFrame;
    this.out = out;
    this.onOversize = onOversize;
  }

  public void feed(byte[] b, int off, int n) {
    int end = off + n;
    int i = off;
    while (i < end) {
      byte c = b[i];
      switch (state) {
        case START -> {
          len = 0;
          if (c >= '1' && c <= '9') {
            state = DIGITS;
            append(c);
          } else if (c == '\n' || c == '\r' || c == 0) {
            // empty line or padding
          } else {
            state = LINE;
            append(c);
          }
          i++;
        }
        case DIGITS -> {
          if (c >= '0' && c <= '9' && len < MAX_DIGITS) {
            append(c);
            i++;
          } else if (c == ' ') {
            long count = Long.parseLong(new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII));
            len = 0;
            i++;
            if (count > maxFrame) {
              onOversize.run();
              remaining = count;
              state = SKIP_COUNTED;
            } else {
              remaining = count;
              state = COUNTED;
            }
          } else {
            state = LINE; // not a count: the digits start a plain line
          }
        }
        case COUNTED -> {
          int take = (int) Math.min(remaining, end - i);
          ensure(len + take);
          System.arraycopy(b, i, buf, len, take);
          len += take;
          i += take;
          remaining -= take;
          if (remaining == 0) {
            emit(false);
          }
        }
        case SKIP_COUNTED -> {
          int take = (int) Math.min(remaining, end - i);
          i += take;
          remaining -= take;
          if (remaining == 0) {
            state = START;
          }
        }
        case LINE -> {
          int nl = indexOf(b, i, end, (byte) '\n');
          int stop = nl < 0 ? end : nl;
          int take = stop - i;
          if (len + take > maxFrame) {
            onOversize.run();
            len = 0;
            state = SKIP_LINE;
            i = stop; // the newline, if any, is handled in SKIP_LINE
          } else {
            ensure(len + take);
            System.arraycopy(b, i, buf, len, take);
            len += take;
            i = stop;
            if (nl >= 0) {
              i++;
              emit(true);
            }
          }
        }
        case SKIP_LINE -> {
          int nl = indexOf(b, i, end, (byte) '\n');
          if (nl < 0) {
            i = end;
          } else {
            i = nl + 1;
            state = START;
          }
        }
        default -> throw new IllegalStateException();
      }
    }
  }

  /** At end of stream: a last line without its newline is still a message. */
  public void finish() {
    if (state == LINE || state == DIGITS) {
      emit(true);
    }
    state = START;
  }

  private void emit(boolean line) {
    int n = len;
    if (line && n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    if (n > 0) {
      out.accept(Arrays.copyOf(buf, n));
    }
    len = 0;
    state = START;
    if (buf.length > 64 * 1024) {
      buf = new byte[256]; // do not keep a huge buffer per idle connection
    }
  }

  private void append(byte c) {
    ensure(len + 1);
    buf[len++] = c;
  }

  private void ensure(int cap) {
    if (cap > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(cap, Math.min(buf.length * 2, maxFrame + 1)));
    }
  }

  private static int indexOf(byte[] b, int from, int to, byte x) {
    for (int i = from; i < to; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
