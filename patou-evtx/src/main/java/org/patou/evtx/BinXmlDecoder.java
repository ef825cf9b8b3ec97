package org.patou.evtx;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Decodes the BinXML of one chunk into {@link XElement} trees: the hot path of the reader.
 *
 * <h2>Design note</h2>
 *
 * <p>One decoder per chunk, used by one thread. It reads the chunk's 64 KiB {@code byte[]} in place
 * with explicit little-endian reads; every read is bounds-checked against the end of the fragment
 * being decoded, and every count read from the file (characters, substitutions, array items) is
 * checked against the bytes that remain before anything is allocated, so a hostile chunk can neither
 * index out of the array nor make the decoder allocate more than a small multiple of 64 KiB. Errors
 * are {@link BinXmlException}s carrying the chunk offset.
 *
 * <p>Token handling follows libyal's "Windows XML Event Log (EVTX)" format document (section
 * "Binary XML") and MS-EVEN6 2.2.12: fragment header, open-start/close-start/close-empty/end element,
 * attribute, value, CDATA, character and entity references, PI target and data, template instance,
 * normal and optional substitutions, end of stream. Names live in the chunk (often inline, right
 * where they are first used) and are cached per chunk by offset. Template definitions are parsed once
 * per chunk into trees whose substitutions are {@link XPlaceholder}s and cached by their offset; a
 * template instance clones the cached tree, replacing each placeholder by its value. Nested BinXML
 * values (value type 0x21) are decoded recursively, at most {@link #MAX_NESTING} deep.
 *
 * <p>Instantiation mirrors the reference reader (the Rust {@code evtx} crate): an optional
 * substitution whose value is empty (null, empty string, empty binary or array) disappears; an
 * attribute left without value disappears; an element holding an array value with more than one item
 * is repeated once per item (MS-EVEN6 "array types"), an empty string item leaving the copy empty.
 * The number of elements one record may produce is capped ({@link #MAX_ELEMENTS}), and so is the
 * number all records of a chunk may produce ({@link #MAX_CHUNK_ELEMENTS}), which bounds the time and
 * memory of array cross-products, of values shared by many placeholders and of many small records
 * instantiating one large template.
 */
final class BinXmlDecoder {
  static final int MAX_NESTING = 8;
  static final int MAX_DEPTH = 256;
  static final int MAX_ELEMENTS = 200_000;
  /**
   * Elements all records of one chunk may produce: real chunks produce a few thousand; the cap
   * bounds the memory one chunk can take (about 120 bytes per element) while it waits for delivery.
   */
  static final int MAX_CHUNK_ELEMENTS = 400_000;
  private static final Charset ANSI = Charset.forName("windows-1252");

  private final byte[] d;
  private final int len;
  private final IntMap<XElement> templates = new IntMap<>();
  private final IntMap<String> names = new IntMap<>();
  private int nesting;
  private int budget;
  private int chunkBudget = MAX_CHUNK_ELEMENTS;
  private int instancePos; // the template instance being expanded, for error offsets

  BinXmlDecoder(byte[] chunk, int len) {
    this.d = chunk;
    this.len = len;
  }

  /** Decodes the BinXML of one record, {@code [start, end)} in the chunk. */
  XElement decodeRecord(int start, int end) {
    nesting = 0;
    int allowed = Math.min(MAX_ELEMENTS, chunkBudget);
    budget = allowed;
    try {
      return parse(start, end, false);
    } finally {
      chunkBudget -= allowed - Math.max(0, budget); // a record that hit its cap costs it all
    }
  }

  /** True once the chunk's records together reached {@link #MAX_CHUNK_ELEMENTS} elements. */
  boolean chunkExhausted() {
    return chunkBudget <= 0;
  }

  // ---- little-endian reads, bounds-checked against `end` -------------------------------------

  private static BinXmlException err(String msg, int at) {
    return new BinXmlException(msg, at);
  }

  private void need(int at, int n, int end) {
    if (at < 0 || n < 0 || at > end - n) {
      throw err("truncated BinXML (need " + n + " bytes)", at);
    }
  }

  private int u8(int at) {
    return d[at] & 0xff;
  }

  private int u16(int at) {
    return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8;
  }

  private int i32(int at) {
    return (d[at] & 0xff) | (d[at + 1] & 0xff) << 8 | (d[at + 2] & 0xff) << 16 | d[at + 3] << 24;
  }

  private long i64(int at) {
    return (i32(at) & 0xffffffffL) | ((long) i32(at + 4)) << 32;
  }

  /** UTF-16LE text; ASCII/Latin-1 takes a fast path, malformed surrogates become U+FFFD. */
  private String utf16(int at, int units) {
    if (units == 0) {
      return "";
    }
    int high = 0;
    for (int i = 0, p = at + 1; i < units; i++, p += 2) {
      high |= d[p];
    }
    if (high == 0) { // Latin-1: compact string from the low bytes
      byte[] b = new byte[units];
      for (int i = 0, p = at; i < units; i++, p += 2) {
        b[i] = d[p];
      }
      return new String(b, StandardCharsets.ISO_8859_1);
    }
    return new String(d, at, units * 2, StandardCharsets.UTF_16LE);
  }

  /** UTF-16LE of {@code bytes} bytes, cut at the first NUL unit. */
  private String utf16Sized(int at, int bytes) {
    int units = bytes / 2;
    for (int i = 0; i < units; i++) {
      if (d[at + 2 * i] == 0 && d[at + 2 * i + 1] == 0) {
        units = i;
        break;
      }
    }
    return utf16(at, units);
  }

  // ---- names ----------------------------------------------------------------------------------

  /** A name at chunk offset {@code off}: next offset (4), hash (2), count (2), UTF-16, NUL (2). */
  private String nameAt(int off) {
    String cached = names.get(off);
    if (cached != null) {
      return cached;
    }
    need(off, 8, len);
    int count = u16(off + 6);
    need(off + 8, count * 2, len);
    String name = utf16(off + 8, count);
    names.put(off, name);
    return name;
  }

  /** Position after a name reference read at {@code after - 4}: skips the name when it is inline. */
  private int skipInlineName(int nameOff, int after, int end) {
    if (nameOff != after) {
      return after;
    }
    need(after, 8, end);
    int count = u16(after + 6);
    int next = after + 8 + count * 2 + 2;
    need(after, next - after, end);
    return next;
  }

  // ---- the token loop -------------------------------------------------------------------------

  private XElement parse(int pos, int end, boolean templateDef) {
    if (end > len) {
      throw err("fragment runs past the chunk end", pos);
    }
    XElement[] stack = new XElement[16];
    int depth = 0;
    XElement open = null; // element whose start tag is being read
    XAttr attr = null; // attribute being read
    XElement root = null;
    loop:
    while (pos < end) {
      int tok = u8(pos);
      switch (tok & 0xbf) {
        case 0x00: // end of stream
          pos++;
          break loop;
        case 0x01: { // open start element
          if (open != null) {
            throw err("element opened inside a start tag", pos);
          }
          // Inside template definitions the tag carries a 2-byte dependency identifier before
          // its data size; elements written directly in a record (no template) do not.
          need(pos, 9, end);
          int dep = templateDef ? 2 : 0;
          if (!plausibleName(pos, dep, end)) {
            dep = 2 - dep;
          }
          need(pos, 9 + dep, end);
          int nameOff = i32(pos + 5 + dep);
          int after = pos + 9 + dep;
          String name = nameAt(nameOff);
          pos = skipInlineName(nameOff, after, end);
          if ((tok & 0x40) != 0) {
            need(pos, 4, end);
            pos += 4; // attribute list size
          }
          if (--budget < 0) {
            throw err("record has more than " + MAX_ELEMENTS + " elements", pos);
          }
          open = new XElement(name, 4);
          break;
        }
        case 0x02: // close start element
        case 0x03: { // close empty element
          if (open == null) {
            throw err("close of a start tag that is not open", pos);
          }
          if (attr != null) {
            if (!attr.value.isEmpty()) {
              open.addAttr(attr);
            }
            attr = null;
          }
          if ((tok & 0xbf) == 0x02) {
            if (depth == MAX_DEPTH) {
              throw err("elements nested deeper than " + MAX_DEPTH, pos);
            }
            if (depth == stack.length) {
              stack = java.util.Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = open;
          } else {
            root = attach(stack, depth, root, open, pos);
          }
          open = null;
          pos++;
          break;
        }
        case 0x04: // end element
          if (depth == 0 || open != null) {
            throw err("end element without open element", pos);
          }
          XElement done = stack[--depth];
          stack[depth] = null;
          root = attach(stack, depth, root, done, pos);
          pos++;
          break;
        case 0x05: { // value
          need(pos, 2, end);
          int type = u8(pos + 1);
          Object node;
          if (type == XValue.STRING) {
            need(pos + 2, 2, end);
            int count = u16(pos + 2);
            need(pos + 4, count * 2, end);
            node = utf16(pos + 4, count);
            pos += 4 + count * 2;
          } else {
            int size = fixedSize(type);
            if (size < 0) {
              throw err("unsupported value type 0x" + Integer.toHexString(type) + " in a value token", pos);
            }
            need(pos + 2, size, end);
            node = readValue(type, pos + 2, size, end);
            pos += 2 + size;
          }
          addNode(stack, depth, open, attr, node, pos);
          break;
        }
        case 0x06: { // attribute
          if (open == null) {
            throw err("attribute outside a start tag", pos);
          }
          need(pos, 5, end);
          int nameOff = i32(pos + 1);
          String name = nameAt(nameOff);
          pos = skipInlineName(nameOff, pos + 5, end);
          if (attr != null && !attr.value.isEmpty()) {
            open.addAttr(attr);
          }
          attr = new XAttr(name, new ArrayList<>(2));
          break;
        }
        case 0x07: { // CDATA section
          need(pos, 3, end);
          int count = u16(pos + 1);
          need(pos + 3, count * 2, end);
          addNode(stack, depth, open, attr, new XRef(XRef.Kind.CDATA, utf16(pos + 3, count), 0), pos);
          pos += 3 + count * 2;
          break;
        }
        case 0x08: // character reference
          need(pos, 3, end);
          addNode(stack, depth, open, attr, new XRef(XRef.Kind.CHAR_REF, null, u16(pos + 1)), pos);
          pos += 3;
          break;
        case 0x09: // entity reference
        case 0x0a: { // PI target
          need(pos, 5, end);
          int nameOff = i32(pos + 1);
          String name = nameAt(nameOff);
          XRef.Kind kind = (tok & 0xbf) == 0x09 ? XRef.Kind.ENTITY_REF : XRef.Kind.PI_TARGET;
          addNode(stack, depth, open, attr, new XRef(kind, name, 0), pos);
          pos = skipInlineName(nameOff, pos + 5, end);
          break;
        }
        case 0x0b: { // PI data
          need(pos, 3, end);
          int count = u16(pos + 1);
          need(pos + 3, count * 2, end);
          addNode(stack, depth, open, attr, new XRef(XRef.Kind.PI_DATA, utf16(pos + 3, count), 0), pos);
          pos += 3 + count * 2;
          break;
        }
        case 0x0c: { // template instance
          if (templateDef) {
            throw err("template instance inside a template definition", pos);
          }
          if (open != null) {
            throw err("template instance inside a start tag", pos);
          }
          int[] next = new int[1];
          XElement instance = templateInstance(pos, end, next);
          pos = next[0];
          root = attach(stack, depth, root, instance, pos);
          break;
        }
        case 0x0d: // normal substitution
        case 0x0e: { // optional substitution
          if (!templateDef) {
            throw err("substitution outside a template definition", pos);
          }
          need(pos, 4, end);
          XPlaceholder ph = new XPlaceholder(u16(pos + 1), u8(pos + 3), (tok & 0xbf) == 0x0e);
          addNode(stack, depth, open, attr, ph, pos);
          pos += 4;
          break;
        }
        case 0x0f: // fragment header: major, minor, flags
          need(pos, 4, end);
          pos += 4;
          break;
        default:
          throw err("unknown BinXML token 0x" + Integer.toHexString(tok), pos);
      }
    }
    if (open != null || depth != 0) {
      throw err("unbalanced elements at end of fragment", pos);
    }
    if (root == null) {
      throw err("fragment without root element", pos);
    }
    return root;
  }

  /** Whether the name reference of the open tag at {@code pos} makes sense with {@code dep} bytes. */
  private boolean plausibleName(int pos, int dep, int end) {
    if (pos + 9 + dep > end) {
      return false;
    }
    int nameOff = i32(pos + 5 + dep);
    int after = pos + 9 + dep;
    return nameOff == after || (nameOff >= 512 && nameOff < pos && nameOff <= len - 8);
  }

  private XElement attach(XElement[] stack, int depth, XElement root, XElement e, int pos) {
    if (depth > 0) {
      stack[depth - 1].addChild(e);
      return root;
    }
    if (root != null) {
      throw err("more than one root element", pos);
    }
    return e;
  }

  private void addNode(XElement[] stack, int depth, XElement open, XAttr attr, Object node, int pos) {
    if (open != null) {
      if (attr != null) {
        attr.value.add(node);
      }
      return;
    }
    if (depth == 0) {
      throw err("content outside any element", pos);
    }
    stack[depth - 1].addChild(node);
  }

  // ---- templates ------------------------------------------------------------------------------

  private XElement templateInstance(int pos, int end, int[] next) {
    need(pos, 10, end);
    instancePos = pos;
    int defOff = i32(pos + 6);
    int p = pos + 10;
    if (defOff == p) { // definition inline: skip it
      need(p, 24, end);
      int dataSize = i32(p + 20);
      if (dataSize < 0 || dataSize > end - p - 24) {
        throw err("inline template definition runs past its fragment", p);
      }
      p += 24 + dataSize;
    }
    need(p, 4, end);
    int count = i32(p);
    p += 4;
    if (count < 0 || count > (end - p) / 4) {
      throw err("bad substitution count " + count, p - 4);
    }
    int descStart = p;
    p += count * 4;
    Object[] values = new Object[count];
    boolean[] empty = new boolean[count];
    for (int i = 0; i < count; i++) {
      int size = u16(descStart + 4 * i);
      int type = u8(descStart + 4 * i + 2);
      need(p, size, end);
      Object v = substitution(type, p, size, end);
      values[i] = v;
      empty[i] = v == null || (v instanceof String s ? s.isEmpty() : v instanceof XValue x && x.isEmpty());
      p += size;
    }
    next[0] = p;
    XElement template = template(defOff);
    return cloneResolve(template, values, empty);
  }

  private XElement template(int defOff) {
    XElement t = templates.get(defOff);
    if (t != null) {
      return t;
    }
    need(defOff, 24, len);
    if (defOff < 512) {
      throw err("template definition inside the chunk header", defOff);
    }
    int dataSize = i32(defOff + 20);
    int start = defOff + 24;
    if (dataSize < 0 || dataSize > len - start) {
      throw err("template definition runs past the chunk", defOff);
    }
    t = parse(start, start + dataSize, true);
    templates.put(defOff, t);
    return t;
  }

  private Object substitution(int type, int p, int size, int end) {
    if (type == XValue.STRING) {
      return utf16Sized(p, size);
    }
    if (type == XValue.ANSI_STRING) {
      int n = 0;
      while (n < size && d[p + n] != 0) {
        n++;
      }
      return new String(d, p, n, ANSI);
    }
    if (type == XValue.BINXML) {
      if (size == 0) {
        return null;
      }
      if (++nesting > MAX_NESTING) {
        throw err("BinXML values nested deeper than " + MAX_NESTING, p);
      }
      XElement e = parse(p, p + size, false);
      nesting--;
      return e;
    }
    return readValue(type, p, size, end);
  }

  private static int fixedSize(int type) {
    switch (type) {
      case XValue.NULL:
        return 0;
      case XValue.INT8:
      case XValue.UINT8:
        return 1;
      case XValue.INT16:
      case XValue.UINT16:
        return 2;
      case XValue.INT32:
      case XValue.UINT32:
      case XValue.REAL32:
      case XValue.BOOL:
      case XValue.HEX_INT32:
        return 4;
      case XValue.INT64:
      case XValue.UINT64:
      case XValue.REAL64:
      case XValue.FILETIME:
      case XValue.HEX_INT64:
        return 8;
      case XValue.GUID:
      case XValue.SYSTEMTIME:
        return 16;
      default:
        return -1;
    }
  }

  /** A value of {@code size} bytes at {@code p} (already bounds-checked). */
  private Object readValue(int type, int p, int size, int end) {
    if ((type & XValue.ARRAY) != 0) {
      return readArray(type, p, size);
    }
    switch (type) {
      case XValue.NULL:
        return XValue.NULL_VALUE;
      case XValue.STRING:
        return utf16Sized(p, size);
      case XValue.BINARY:
        return new XValue(XValue.BINARY, 0, java.util.Arrays.copyOfRange(d, p, p + size));
      case XValue.SID:
        return XValue.text(XValue.SID, sid(p, size));
      case XValue.SIZE_T:
        if (size == 4) {
          return XValue.text(XValue.SIZE_T, "0x" + Integer.toHexString(i32(p)));
        }
        if (size == 8) {
          return XValue.text(XValue.SIZE_T, "0x" + Long.toHexString(i64(p)));
        }
        throw err("SizeT of " + size + " bytes", p);
      case XValue.EVT_HANDLE:
      case XValue.EVT_XML:
        throw err("unsupported value type 0x" + Integer.toHexString(type), p);
      default:
        break;
    }
    int width = fixedSize(type);
    if (width < 0) {
      throw err("unknown value type 0x" + Integer.toHexString(type), p);
    }
    if (size < width) {
      throw err("value of type 0x" + Integer.toHexString(type) + " in " + size + " bytes", p);
    }
    return scalar(type, p);
  }

  private XValue scalar(int type, int p) {
    switch (type) {
      case XValue.INT8:
        return new XValue(type, d[p], null);
      case XValue.UINT8:
        return new XValue(type, u8(p), null);
      case XValue.INT16:
        return new XValue(type, (short) u16(p), null);
      case XValue.UINT16:
        return new XValue(type, u16(p), null);
      case XValue.INT32:
        return new XValue(type, i32(p), null);
      case XValue.UINT32:
        return new XValue(type, i32(p) & 0xffffffffL, null);
      case XValue.INT64:
      case XValue.UINT64:
        return new XValue(type, i64(p), null);
      case XValue.REAL32:
        return XValue.text(type, Floats.toText(Float.intBitsToFloat(i32(p))));
      case XValue.REAL64:
        return XValue.text(type, Floats.toText(Double.longBitsToDouble(i64(p))));
      case XValue.BOOL:
        return new XValue(type, i32(p) != 0 ? 1 : 0, null);
      case XValue.GUID:
        return XValue.text(type, guid(p));
      case XValue.FILETIME:
        return XValue.text(type, Times.filetime(i64(p)));
      case XValue.SYSTEMTIME:
        return XValue.text(
            type,
            Times.systemtime(u16(p), u16(p + 2), u16(p + 6), u16(p + 8), u16(p + 10), u16(p + 12), u16(p + 14)));
      case XValue.HEX_INT32:
        return XValue.text(type, "0x" + Integer.toHexString(i32(p)));
      case XValue.HEX_INT64:
        return XValue.text(type, "0x" + Long.toHexString(i64(p)));
      default:
        throw err("unknown value type 0x" + Integer.toHexString(type), p);
    }
  }

  private XValue readArray(int type, int p, int size) {
    int item = type & 0x7f;
    if (item == XValue.STRING || item == XValue.ANSI_STRING) {
      ArrayList<Object> items = new ArrayList<>();
      int q = p;
      int stop = p + size;
      int step = item == XValue.STRING ? 2 : 1;
      while (q + step <= stop) {
        int s = q;
        while (q + step <= stop && (step == 2 ? (d[q] != 0 || d[q + 1] != 0) : d[q] != 0)) {
          q += step;
        }
        items.add(step == 2 ? utf16(s, (q - s) / 2) : new String(d, s, q - s, ANSI));
        q += step; // the NUL
      }
      return new XValue(type, 0, items.toArray());
    }
    if (item == XValue.SID) {
      ArrayList<Object> items = new ArrayList<>();
      int q = p;
      while (q + 8 <= p + size) {
        int n = u8(q + 1);
        int sidLen = 8 + 4 * n;
        if (q + sidLen > p + size) {
          break;
        }
        items.add(XValue.text(XValue.SID, sid(q, sidLen)));
        q += sidLen;
      }
      return new XValue(type, 0, items.toArray());
    }
    if (item == XValue.BINARY) { // no item boundaries: one binary blob
      return new XValue(type, 0, new Object[] {readValue(XValue.BINARY, p, size, p + size)});
    }
    int width = item == XValue.SIZE_T ? 8 : fixedSize(item);
    if (width <= 0) {
      throw err("unknown array type 0x" + Integer.toHexString(type), p);
    }
    Object[] items = new Object[size / width];
    for (int i = 0; i < items.length; i++) {
      items[i] = item == XValue.SIZE_T
          ? XValue.text(XValue.SIZE_T, "0x" + Long.toHexString(i64(p + i * width)))
          : scalar(item, p + i * width);
    }
    return new XValue(type, 0, items);
  }

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  /** Byte order of a GUID's text: data1-3 little-endian, data4 as stored. */
  private static final int[] GUID_ORDER = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};

  private String guid(int p) {
    byte[] out = new byte[36];
    int n = 0;
    for (int i : GUID_ORDER) {
      if (i < 0) {
        out[n++] = '-';
      } else {
        int b = d[p + i] & 0xff;
        out[n++] = HEX[b >> 4];
        out[n++] = HEX[b & 0xf];
      }
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private String sid(int p, int size) {
    if (size < 8) {
      return "S-?";
    }
    int rev = u8(p);
    int n = u8(p + 1);
    long auth = 0;
    for (int i = 2; i < 8; i++) {
      auth = auth << 8 | u8(p + i);
    }
    StringBuilder sb = new StringBuilder(48).append("S-").append(rev).append('-').append(auth);
    for (int i = 0; i < n && 8 + 4 * i + 4 <= size; i++) {
      sb.append('-').append(i32(p + 8 + 4 * i) & 0xffffffffL);
    }
    return sb.toString();
  }

  // ---- instantiation --------------------------------------------------------------------------

  private XElement cloneResolve(XElement t, Object[] values, boolean[] empty) {
    if (--budget < 0) {
      throw err("record expands to more than " + MAX_ELEMENTS + " elements (or the chunk's share)", instancePos);
    }
    XElement r = new XElement(t.name, t.children.size());
    if (t.attrs != null) {
      for (XAttr a : t.attrs) {
        if (a.value.size() == 1) { // the usual case: one placeholder or one text
          Object node = a.value.get(0);
          Object v = node instanceof XPlaceholder ph ? resolve(ph, values, empty) : node;
          if (v != null && !(v instanceof XElement)) {
            r.addAttr(new XAttr(a.name, java.util.Collections.singletonList(v)));
          }
          continue;
        }
        ArrayList<Object> v = new ArrayList<>(a.value.size());
        for (Object node : a.value) {
          resolveInto(node, values, empty, v);
        }
        if (!v.isEmpty()) {
          r.addAttr(new XAttr(a.name, v));
        }
      }
    }
    for (Object node : t.children) {
      if (node instanceof XElement c) {
        expandInto(cloneResolve(c, values, empty), r);
      } else if (node instanceof XPlaceholder ph) {
        Object v = resolve(ph, values, empty);
        if (v != null) {
          if (v instanceof XElement e) {
            budget -= e.weight;
            if (budget < 0) {
              throw err("record expands to more than " + MAX_ELEMENTS + " elements (or the chunk's share)", instancePos);
            }
          }
          r.addChild(v);
        }
      } else {
        r.addChild(node);
      }
    }
    return r;
  }

  private static Object resolve(XPlaceholder ph, Object[] values, boolean[] empty) {
    int i = ph.index();
    if (i >= values.length || values[i] == null || (ph.optional() && empty[i])) {
      return null;
    }
    return values[i];
  }

  private static void resolveInto(Object node, Object[] values, boolean[] empty, ArrayList<Object> out) {
    if (node instanceof XPlaceholder ph) {
      Object v = resolve(ph, values, empty);
      if (v != null && !(v instanceof XElement)) {
        out.add(v);
      }
    } else {
      out.add(node);
    }
  }

  /** Adds {@code e} to {@code parent}, repeated once per item of its first multi-item array value. */
  private void expandInto(XElement e, XElement parent) {
    int childAt = -1;
    int attrAt = -1;
    int nodeAt = -1;
    XValue array = null;
    for (int i = 0; i < e.children.size() && array == null; i++) {
      if (e.children.get(i) instanceof XValue v && v.arrayLength() > 1) {
        array = v;
        childAt = i;
      }
    }
    for (int a = 0; array == null && a < e.attrCount(); a++) {
      java.util.List<Object> val = e.attrs.get(a).value;
      for (int i = 0; i < val.size(); i++) {
        if (val.get(i) instanceof XValue v && v.arrayLength() > 1) {
          array = v;
          attrAt = a;
          nodeAt = i;
          break;
        }
      }
    }
    if (array == null) {
      parent.addChild(e);
      return;
    }
    for (Object item : (Object[]) array.obj) {
      if (--budget < 0) {
        throw err("record expands to more than " + MAX_ELEMENTS + " elements (or the chunk's share)", instancePos);
      }
      Object replacement = item instanceof String s && s.isEmpty() ? null : item;
      XElement copy = new XElement(e.name, e.children.size());
      for (int a = 0; a < e.attrCount(); a++) {
        XAttr src = e.attrs.get(a);
        ArrayList<Object> v = new ArrayList<>(src.value);
        if (a == attrAt) {
          if (replacement == null) {
            v.remove(nodeAt);
          } else {
            v.set(nodeAt, replacement);
          }
        }
        if (!v.isEmpty()) {
          copy.addAttr(new XAttr(src.name, v));
        }
      }
      for (int i = 0; i < e.children.size(); i++) {
        if (i == childAt) {
          if (replacement != null) {
            copy.addChild(replacement);
          }
        } else {
          copy.addChild(e.children.get(i));
        }
      }
      expandInto(copy, parent);
    }
  }
}
