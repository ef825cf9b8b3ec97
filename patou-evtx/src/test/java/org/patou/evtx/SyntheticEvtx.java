package org.patou.evtx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes small EVTX files by hand, for value types and tokens the corpora lack: one chunk, one
 * record, a template instance whose inline definition is {@code <Event xmlns=…><EventData><Data
 * Name="tI">%I</Data>…</EventData></Event>}, names inline.
 */
final class SyntheticEvtx {
  /** One substitution: value type, bytes, and whether the template marks it optional. */
  record Sub(int type, byte[] bytes, boolean optional, java.util.function.IntFunction<byte[]> at) {
    Sub(int type, byte[] bytes) {
      this(type, bytes, false, null);
    }

    /** The bytes when the value starts at chunk offset {@code pos} (nested BinXML names are inline). */
    byte[] bytesAt(int pos) {
      return at == null ? bytes : at.apply(pos);
    }
  }

  private SyntheticEvtx() {}

  static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  static byte[] le(long v, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  /** A binary XML writer that knows the chunk offset of what it writes (for inline names). */
  static final class Writer {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final int base;

    Writer(int base) {
      this.base = base;
    }

    int pos() {
      return base + out.size();
    }

    Writer u8(int v) {
      out.write(v);
      return this;
    }

    Writer bytes(byte[] b) {
      out.write(b, 0, b.length);
      return this;
    }

    Writer u16(int v) {
      return bytes(le(v, 2));
    }

    Writer u32(long v) {
      return bytes(le(v, 4));
    }

    /** A name reference followed by the name itself, inline. */
    Writer name(String name) {
      u32(pos() + 4);
      u32(0).u16(0).u16(name.length()).bytes(utf16(name)).u16(0);
      return this;
    }

    Writer open(String name, boolean attrs, boolean inTemplate) {
      u8(attrs ? 0x41 : 0x01);
      if (inTemplate) {
        u16(0xffff);
      }
      u32(0); // data size (not used by readers)
      name(name);
      if (attrs) {
        u32(0);
      }
      return this;
    }

    Writer attr(String name) {
      return u8(0x06).name(name);
    }

    Writer text(String s) {
      return u8(0x05).u8(0x01).u16(s.length()).bytes(utf16(s));
    }

    Writer sub(int index, int type, boolean optional) {
      return u8(optional ? 0x0e : 0x0d).u16(index).u8(type);
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** The BinXML of a record: a template instance with an inline definition. */
  static byte[] record(int at, List<Sub> subs, java.util.function.Consumer<Writer> extraBody) {
    Writer w = new Writer(at);
    w.u8(0x0f).u8(1).u8(1).u8(0);
    w.u8(0x0c).u8(1).u32(1);
    w.u32(w.pos() + 4); // definition inline, right here
    int defAt = w.pos();
    Writer def = new Writer(defAt + 24);
    def.u8(0x0f).u8(1).u8(1).u8(0);
    def.open("Event", true, true).attr("xmlns").text("http://schemas.microsoft.com/win/2004/08/events/event").u8(0x02);
    def.open("System", false, true).u8(0x02);
    def.open("Channel", false, true).u8(0x02).text("Synthetic").u8(0x04);
    def.open("EventID", false, true).u8(0x02).text("42").u8(0x04);
    def.u8(0x04);
    def.open("EventData", false, true).u8(0x02);
    for (int i = 0; i < subs.size(); i++) {
      def.open("Data", true, true).attr("Name").text("t" + i).u8(0x02);
      def.sub(i, subs.get(i).type(), subs.get(i).optional());
      def.u8(0x04);
    }
    if (extraBody != null) {
      extraBody.accept(def);
    }
    def.u8(0x04); // EventData
    def.u8(0x04); // Event
    def.u8(0x00);
    byte[] data = def.toBytes();
    w.u32(0).bytes(new byte[16]).u32(data.length).bytes(data);
    w.u32(subs.size());
    for (Sub s : subs) {
      w.u16(s.bytesAt(0).length).u8(s.type()).u8(0);
    }
    for (Sub s : subs) {
      w.bytes(s.bytesAt(w.pos()));
    }
    w.u8(0x00);
    return w.toBytes();
  }

  /** A whole file: header and one chunk holding the given records' BinXML. */
  static byte[] file(List<byte[]> recordBinXml) {
    byte[] f = new byte[4096 + 65536];
    System.arraycopy("ElfFile".getBytes(StandardCharsets.US_ASCII), 0, f, 0, 7);
    put(f, 16, 0, 8);
    put(f, 24, recordBinXml.size() + 1, 8);
    put(f, 32, 128, 4);
    put(f, 36, 1, 2);
    put(f, 38, 3, 2);
    put(f, 40, 4096, 2);
    put(f, 42, 1, 2);
    CRC32 crc = new CRC32();
    crc.update(f, 0, 120);
    put(f, 124, crc.getValue(), 4);
    int c = 4096;
    System.arraycopy("ElfChnk".getBytes(StandardCharsets.US_ASCII), 0, f, c, 7);
    int pos = 512;
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < recordBinXml.size(); i++) {
      byte[] x = recordBinXml.get(i);
      int size = 24 + x.length + 4;
      put(f, c + pos, 0x2a2a, 4);
      put(f, c + pos + 4, size, 4);
      put(f, c + pos + 8, i + 1, 8);
      put(f, c + pos + 16, 132_000_000_000_000_000L, 8);
      System.arraycopy(x, 0, f, c + pos + 24, x.length);
      put(f, c + pos + size - 4, size, 4);
      starts.add(pos);
      pos += size;
    }
    put(f, c + 8, 1, 8);
    put(f, c + 16, recordBinXml.size(), 8);
    put(f, c + 24, 1, 8);
    put(f, c + 32, recordBinXml.size(), 8);
    put(f, c + 40, 128, 4);
    put(f, c + 44, starts.isEmpty() ? 512 : starts.get(starts.size() - 1), 4);
    put(f, c + 48, pos, 4);
    CRC32 data = new CRC32();
    data.update(f, c + 512, pos - 512);
    put(f, c + 52, data.getValue(), 4);
    CRC32 h = new CRC32();
    h.update(f, c, 120);
    h.update(f, c + 128, 512 - 128);
    put(f, c + 124, h.getValue(), 4);
    return f;
  }

  private static void put(byte[] b, int at, long v, int n) {
    for (int i = 0; i < n; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }
}
