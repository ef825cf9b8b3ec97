package org.patou.evtx;

/**
 * Renders {@link XValue}s as text exactly as the reference reader does: decimal integers, {@code
 * true}/{@code false}, upper-case hex for binary, GUIDs without braces, {@code 0x}-prefixed
 * lower-case hex integers, times as {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}, arrays comma-separated.
 */
final class ValueText {
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private ValueText() {}

  static String of(XValue v) {
    if (v.obj instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder(16);
    append(sb, v);
    return sb.toString();
  }

  static void append(StringBuilder sb, XValue v) {
    switch (v.type) {
      case XValue.NULL:
        return;
      case XValue.INT8:
      case XValue.INT16:
      case XValue.INT32:
      case XValue.INT64:
      case XValue.UINT8:
      case XValue.UINT16:
      case XValue.UINT32:
        sb.append(v.num);
        return;
      case XValue.UINT64:
        sb.append(Long.toUnsignedString(v.num));
        return;
      case XValue.BOOL:
        sb.append(v.num != 0 ? "true" : "false");
        return;
      case XValue.BINARY:
        hexUpper(sb, (byte[]) v.obj);
        return;
      default:
        break;
    }
    if (v.obj instanceof String s) {
      sb.append(s);
    } else if (v.obj instanceof Object[] items) {
      for (int i = 0; i < items.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object item = items[i];
        if (item instanceof String s) {
          sb.append(s);
        } else {
          append(sb, (XValue) item);
        }
      }
    } else if (v.obj instanceof byte[] b) {
      hexUpper(sb, b);
    }
  }

  static void hexUpper(StringBuilder sb, byte[] b) {
    for (byte x : b) {
      sb.append(HEX_UPPER[(x >> 4) & 0xf]).append(HEX_UPPER[x & 0xf]);
    }
  }
}
