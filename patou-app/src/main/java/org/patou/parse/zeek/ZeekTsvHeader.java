package org.patou.parse.zeek;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.patou.event.EventBuilder;

/**
 * The header of one Zeek ASCII (TSV) log and what it implies for the lines after it: {@code
 * #separator} (written as {@code \x09}), {@code #set_separator}, {@code #empty_field}, {@code
 * #unset_field}, {@code #path}, {@code #fields} and {@code #types}. One per stream (file, source):
 * the header of one file says nothing about another's lines. Mutable, not thread-safe.
 *
 * <p>Values are typed as Zeek's JSON writer types them, so that a TSV line and the same record as
 * Zeek JSON give the same fields: {@code time}, {@code interval}, {@code double} become {@link
 * Double}; {@code count}, {@code int}, {@code port} {@link Long}; {@code bool} ({@code T}/{@code F})
 * {@link Boolean}; {@code set[...]}/{@code vector[...]} lists of their element type; the rest
 * strings. The unset marker ({@code -}) means the field is absent; the empty marker ({@code
 * (empty)}) an empty list or string. {@code \xHH} escapes are decoded.
 */
public final class ZeekTsvHeader {
  private static final byte STRING = 0;
  private static final byte DOUBLE = 1;
  private static final byte LONG = 2;
  private static final byte BOOL = 3;

  private char separator = '\t';
  private String setSeparator = ",";
  private String emptyField = "(empty)";
  private String unsetField = "-";
  private String path;
  private String[] fields;
  private byte[] types;
  private boolean[] container;

  /** True when this line is a header line ({@code #...}); its settings are taken. */
  public boolean accept(String line) {
    if (line.isEmpty() || line.charAt(0) != '#') {
      return false;
    }
    if (line.startsWith("#separator ")) {
      // A new log starts: the rest of the header follows.
      String v = unescape(line.substring("#separator ".length()).strip());
      separator = v.isEmpty() ? '\t' : v.charAt(0);
      setSeparator = ",";
      emptyField = "(empty)";
      unsetField = "-";
      path = null;
      fields = null;
      types = null;
      container = null;
      return true;
    }
    int cut = line.indexOf(separator);
    if (cut < 0) {
      return true; // "#close" alone, a comment: nothing to take
    }
    String key = line.substring(1, cut);
    String value = line.substring(cut + 1);
    switch (key) {
      case "set_separator" -> setSeparator = value;
      case "empty_field" -> emptyField = value;
      case "unset_field" -> unsetField = value;
      case "path" -> path = value;
      case "fields" -> fields = split(value, -1);
      case "types" -> {
        String[] t = split(value, -1);
        types = new byte[t.length];
        container = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
          String s = t[i];
          container[i] = s.startsWith("set[") || s.startsWith("vector[");
          if (container[i]) {
            s = s.substring(s.indexOf('[') + 1, s.length() - 1);
          }
          types[i] = switch (s) {
            case "time", "interval", "double" -> DOUBLE;
            case "count", "int", "port" -> LONG;
            case "bool" -> BOOL;
            default -> STRING;
          };
        }
      }
      default -> {
        // #open, #close, comments: nothing to keep
      }
    }
    return true;
  }

  /** The log's {@code #path} ({@code conn}, {@code dns}...), or null before it was seen. */
  public String path() {
    return path;
  }

  /** The {@code #fields} names, or null before they were seen. */
  public String[] fields() {
    return fields;
  }

  /** True once {@code #fields} was seen: data lines can be read. */
  public boolean ready() {
    return fields != null;
  }

  /** The values of a data line, by the separator; null when the column count is not the header's. */
  public String[] split(String line) {
    if (fields == null) {
      return null;
    }
    String[] v = split(line, fields.length);
    return v.length == fields.length ? v : null;
  }

  /**
   * Adds a data line's fields to {@code b}, typed; false (nothing added) when the line does not fit
   * the header (column count, or a value that does not parse as its declared type).
   */
  public boolean addFields(String line, EventBuilder b) {
    String[] v = split(line);
    if (v == null) {
      return false;
    }
    Object[] typed = new Object[v.length];
    for (int i = 0; i < v.length; i++) {
      String s = v[i];
      if (s.equals(unsetField)) {
        continue;
      }
      Object o = value(i, s);
      if (o == null) {
        return false;
      }
      typed[i] = o;
    }
    for (int i = 0; i < v.length; i++) {
      if (typed[i] != null) {
        b.add(fields[i], typed[i]);
      }
    }
    return true;
  }

  /** Field {@code i}'s value from its text; null when it does not parse as its type. */
  Object value(int i, String s) {
    byte type = types != null && i < types.length ? types[i] : STRING;
    if (types != null && i < types.length && container[i]) {
      if (s.equals(emptyField)) {
        return List.of();
      }
      List<Object> out = new ArrayList<>();
      int from = 0;
      while (true) {
        int at = s.indexOf(setSeparator, from);
        String one = at < 0 ? s.substring(from) : s.substring(from, at);
        Object o = scalar(type, one);
        if (o == null) {
          return null;
        }
        out.add(o);
        if (at < 0 || setSeparator.isEmpty()) {
          break;
        }
        from = at + setSeparator.length();
      }
      return Collections.unmodifiableList(out);
    }
    if (s.equals(emptyField) && type == STRING) {
      return "";
    }
    return scalar(type, s);
  }

  private static Object scalar(byte type, String s) {
    try {
      return switch (type) {
        case DOUBLE -> Double.parseDouble(s);
        case LONG -> Long.parseLong(s);
        case BOOL -> s.equals("T") ? Boolean.TRUE : s.equals("F") ? Boolean.FALSE : null;
        default -> unescape(s);
      };
    } catch (NumberFormatException e) {
      return type == LONG ? bigOrNull(s) : null;
    }
  }

  private static Object bigOrNull(String s) {
    try {
      return new java.math.BigInteger(s); // count is unsigned 64-bit
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String[] split(String s, int expected) {
    List<String> out = new ArrayList<>(expected > 0 ? expected : 16);
    int from = 0;
    while (true) {
      int at = s.indexOf(separator, from);
      if (at < 0) {
        out.add(s.substring(from));
        break;
      }
      out.add(s.substring(from, at));
      from = at + 1;
      if (expected > 0 && out.size() > expected) {
        break; // too many columns: the caller refuses the line
      }
    }
    return out.toArray(new String[0]);
  }

  /** Decodes Zeek's {@code \xHH} escapes (separators and non-printable bytes in values). */
  static String unescape(String s) {
    int at = s.indexOf("\\x");
    if (at < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int from = 0;
    while (at >= 0) {
      b.append(s, from, at);
      if (at + 4 <= s.length() && hex(s.charAt(at + 2)) >= 0 && hex(s.charAt(at + 3)) >= 0) {
        b.append((char) (hex(s.charAt(at + 2)) * 16 + hex(s.charAt(at + 3))));
        from = at + 4;
      } else {
        b.append("\\x");
        from = at + 2;
      }
      at = s.indexOf("\\x", from);
    }
    b.append(s, from, s.length());
    return b.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  @Override
  public String toString() {
    return "#path " + path + " #fields " + (fields == null ? "-" : Arrays.toString(fields));
  }
}
