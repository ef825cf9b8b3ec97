package org.patou.sigma.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The encoding modifiers (utf16le/utf16be/utf16/wide, base64, base64offset). A value is bytes
 * between modifiers; a byte string that no base64 follows becomes one char per byte (ISO-8859-1),
 * which is how such bytes appear in a decoded event.
 */
final class Encodings {
  private Encodings() {}

  static byte[] utf16(String s, String mod) {
    switch (mod) {
      case "utf16be":
        return s.getBytes(StandardCharsets.UTF_16BE);
      case "utf16":
        {
          byte[] le = s.getBytes(StandardCharsets.UTF_16LE);
          byte[] out = new byte[le.length + 2];
          out[0] = (byte) 0xFF;
          out[1] = (byte) 0xFE;
          System.arraycopy(le, 0, out, 2, le.length);
          return out;
        }
      default: // utf16le, wide
        return s.getBytes(StandardCharsets.UTF_16LE);
    }
  }

  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** The three shifted encodings pySigma produces, each cut to its stable middle. */
  static List<String> base64offset(byte[] b) {
    int[] start = {0, 2, 3};
    int[] endCut = {0, 3, 2};
    List<String> out = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      byte[] shifted = new byte[b.length + i];
      for (int k = 0; k < i; k++) {
        shifted[k] = ' ';
      }
      System.arraycopy(b, 0, shifted, i, b.length);
      String enc = Base64.getEncoder().encodeToString(shifted);
      int end = enc.length() - endCut[(b.length + i) % 3];
      if (end > start[i]) {
        out.add(enc.substring(start[i], end));
      }
    }
    return out;
  }

  static String bytesAsChars(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
