package org.patou.evtx;

import java.math.BigInteger;

/**
 * A typed BinXML value that stays typed until rendering: integers and booleans become JSON numbers
 * and booleans, everything else renders as text ({@link ValueText}). Strings are not values: they
 * are decoded straight to {@link String} text nodes. Immutable.
 */
final class XValue {
  // Value types, MS-EVEN6 2.2.12 / libyal "value types".
  static final int NULL = 0x00;
  static final int STRING = 0x01;
  static final int ANSI_STRING = 0x02;
  static final int INT8 = 0x03;
  static final int UINT8 = 0x04;
  static final int INT16 = 0x05;
  static final int UINT16 = 0x06;
  static final int INT32 = 0x07;
  static final int UINT32 = 0x08;
  static final int INT64 = 0x09;
  static final int UINT64 = 0x0a;
  static final int REAL32 = 0x0b;
  static final int REAL64 = 0x0c;
  static final int BOOL = 0x0d;
  static final int BINARY = 0x0e;
  static final int GUID = 0x0f;
  static final int SIZE_T = 0x10;
  static final int FILETIME = 0x11;
  static final int SYSTEMTIME = 0x12;
  static final int SID = 0x13;
  static final int HEX_INT32 = 0x14;
  static final int HEX_INT64 = 0x15;
  static final int EVT_HANDLE = 0x20;
  static final int BINXML = 0x21;
  static final int EVT_XML = 0x23;
  static final int ARRAY = 0x80;

  static final XValue NULL_VALUE = new XValue(NULL, 0, null);

  final int type;
  /** Integers, booleans (0/1), the offset of a nested BinXML fragment. */
  final long num;
  /**
   * Text for types rendered as text (GUID, SID, times, hex, floats), byte[] for binary, Object[]
   * of String or XValue for arrays, Integer size for nested BinXML.
   */
  final Object obj;

  private final boolean empty;

  XValue(int type, long num, Object obj) {
    this.type = type;
    this.num = num;
    this.obj = obj;
    this.empty = computeEmpty();
  }

  static XValue text(int type, String text) {
    return new XValue(type, 0, text);
  }

  boolean isNumeric() {
    return (type >= INT8 && type <= UINT64) || type == BOOL;
  }

  boolean isArray() {
    return (type & ARRAY) != 0;
  }

  int arrayLength() {
    return isArray() && obj instanceof Object[] items ? items.length : -1;
  }

  /** Empty in the sense of an optional substitution: dropped from the tree. */
  boolean isEmpty() {
    return empty;
  }

  private boolean computeEmpty() {
    if (type == NULL) {
      return true;
    }
    if (obj instanceof byte[] b) {
      return b.length == 0;
    }
    if (obj instanceof Object[] a) {
      return a.length == 0;
    }
    if (type == BINXML) {
      return obj == null || ((Integer) obj) == 0;
    }
    return false;
  }

  /** The value as an event field: Long, BigInteger (large unsigned 64-bit), Boolean or String. */
  Object fieldValue() {
    if (type == BOOL) {
      return num != 0;
    }
    if (type == UINT64 && num < 0) {
      return new BigInteger(Long.toUnsignedString(num));
    }
    if (isNumeric()) {
      return num;
    }
    return ValueText.of(this);
  }
}
