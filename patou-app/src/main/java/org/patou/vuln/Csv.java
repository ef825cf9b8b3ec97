package org.patou.vuln;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. Tracks the
 * physical line where each record starts, for error messages.
 */
final class Csv {
  private final BufferedReader in;
  private int line;
  private int recordLine;

  Csv(BufferedReader in) {
    this.in = in;
  }

  /** The line number (1-based) where the last record returned began. */
  int recordLine() {
    return recordLine;
  }

  /** The next record, or null at end of input. */
  List<String> next() throws IOException {
    String l = in.readLine();
    if (l == null) {
      return null;
    }
    line++;
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (true) {
      if (i >= l.length()) {
        if (quoted) {
          String more = in.readLine();
          if (more == null) {
            throw new IOException("unterminated quoted field starting on line " + recordLine);
          }
          line++;
          f.append('\n');
          l = more;
          i = 0;
          continue;
        }
        fields.add(f.toString());
        return fields;
      }
      char c = l.charAt(i++);
      if (quoted) {
        if (c == '"') {
          if (i < l.length() && l.charAt(i) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
  }
}
