package org.patou.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The formats a hunt reads, told apart by content, never by file name: {@code ElfFile\0} opens an
 * EVTX file; a first non-blank character {@code {} or {@code [} means JSON (one object, JSON lines,
 * pretty-printed records back to back, or an array; UTF-8, or UTF-16 with a byte order mark); gzip is
 * decompressed and sniffed again; text is read as log lines; anything else is binary and not read.
 */
public enum InputFormat {
  EVTX,
  /** gzip-compressed; the content is sniffed again once decompressed. */
  GZIP,
  JSON,
  TEXT,
  BINARY,
  EMPTY;

  private static final byte[] EVTX_MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
  /** Bytes looked at. */
  public static final int PROBE = 4096;

  /** Sniffs the format of a file from its first bytes. */
  public static InputFormat sniff(Path file) throws IOException {
    byte[] head = new byte[PROBE];
    int n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int r;
      while (n < PROBE && (r = in.read(head, n, PROBE - n)) > 0) {
        n += r;
      }
    }
    return sniff(head, n);
  }

  private static int indexOf(byte[] a, int from, int to, byte b) {
    for (int j = from; j < to; j++) {
      if (a[j] == b) {
        return j;
      }
    }
    return to;
  }

  /** The first byte at or after {@code from} that is not blank, or -1. */
  private static int firstNonBlank(byte[] a, int from, int to) {
    for (int j = from; j < to; j++) {
      int b = a[j] & 0xff;
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b;
      }
    }
    return -1;
  }

  /** Sniffs the format from the first {@code n} bytes of {@code head}. */
  public static InputFormat sniff(byte[] head, int n) {
    if (n >= EVTX_MAGIC.length) {
      boolean evtx = true;
      for (int i = 0; i < EVTX_MAGIC.length; i++) {
        evtx &= head[i] == EVTX_MAGIC[i];
      }
      if (evtx) {
        return EVTX;
      }
    }
    if (n >= 3 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b && head[2] == 8) {
      return GZIP;
    }
    if (n >= 4 && ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe || (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff)) {
      // UTF-16 with a byte order mark (PowerShell's Out-File): JSON only.
      boolean little = (head[0] & 0xff) == 0xff;
      for (int j = 2; j + 1 < n; j += 2) {
        int c = little ? (head[j] & 0xff) | (head[j + 1] & 0xff) << 8 : (head[j] & 0xff) << 8 | (head[j + 1] & 0xff);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          return c == '{' || c == '[' ? JSON : BINARY;
        }
      }
      return EMPTY;
    }
    int i = 0;
    if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
      i = 3; // UTF-8 byte order mark
    }
    int control = 0;
    int first = -1;
    for (int j = i; j < n; j++) {
      int b = head[j] & 0xff;
      if (first < 0 && b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        first = b;
      }
      if (b == 0 || (b < 0x20 && b != '\t' && b != '\r' && b != '\n' && b != 0x0c && b != 0x1b)) {
        control++;
      }
    }
    if (first < 0) {
      return n == 0 ? EMPTY : TEXT;
    }
    // More than 1 control byte in 100 is not a text log.
    if (control * 100 > n - i) {
      return BINARY;
    }
    if (first == '{') {
      return JSON;
    }
    if (first == '[') {
      // An array of objects, not a log line such as "[10/Oct/2023:13:55:36 +0000] ...".
      int open = indexOf(head, i, n, (byte) '[');
      int next = firstNonBlank(head, open + 1, n);
      return next < 0 || next == '{' || next == ']' ? JSON : TEXT;
    }
    return TEXT;
  }
}
