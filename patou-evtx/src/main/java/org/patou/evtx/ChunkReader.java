package org.patou.evtx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Decodes one 64 KiB chunk: checks its header, its two CRC32s and each record's framing, decodes
 * each record's BinXML and collects records and warnings. Pure: no I/O, no threads; one call per
 * chunk, any thread.
 */
final class ChunkReader {
  static final int CHUNK_SIZE = 0x10000;
  static final int CHUNK_HEADER_SIZE = 512;
  static final int RECORD_SIGNATURE = 0x00002a2a;
  private static final byte[] SIGNATURE = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};

  /** What one chunk gave. */
  static final class Result {
    final List<EvtxRecord> records = new ArrayList<>();
    final List<EvtxWarning> warnings = new ArrayList<>(0);
    boolean skipped;
    /** An all-zero slot: never written (files are preallocated), not corruption. */
    boolean unused;
    long skippedRecords;
    long expected;
  }

  private ChunkReader() {}

  /**
   * Decodes the chunk in {@code buf[0, len)} that starts at {@code chunkOffset} in {@code file};
   * stops after {@code maxRecords} records.
   */
  static Result read(Path file, long chunkOffset, byte[] buf, int len, int maxRecords) {
    Result r = new Result();
    if (len < CHUNK_HEADER_SIZE) {
      r.skipped = true;
      r.warnings.add(new EvtxWarning(file, chunkOffset, "truncated chunk (" + len + " bytes)"));
      return r;
    }
    if (!signature(buf)) {
      if (allZero(buf, 0, len)) {
        r.unused = true;
      } else {
        r.skipped = true;
        r.warnings.add(new EvtxWarning(file, chunkOffset, "not a chunk (bad signature), skipped"));
      }
      return r;
    }
    CRC32 crc = new CRC32();
    crc.update(buf, 0, 120);
    crc.update(buf, 128, CHUNK_HEADER_SIZE - 128);
    if ((int) crc.getValue() != Bytes.i32(buf, 124)) {
      r.warnings.add(new EvtxWarning(file, chunkOffset + 124, "chunk header checksum mismatch"));
    }
    long firstNumber = Bytes.i64(buf, 8);
    long lastNumber = Bytes.i64(buf, 16);
    long span = lastNumber - firstNumber + 1;
    r.expected = span > 0 && span <= CHUNK_SIZE / 24 ? span : 0;
    int free = Bytes.i32(buf, 48);
    int end = len;
    if (free < CHUNK_HEADER_SIZE || free > len) {
      r.warnings.add(new EvtxWarning(file, chunkOffset + 48, "bad free space offset " + free));
    } else {
      end = free;
      crc.reset();
      crc.update(buf, CHUNK_HEADER_SIZE, free - CHUNK_HEADER_SIZE);
      if ((int) crc.getValue() != Bytes.i32(buf, 52)) {
        r.warnings.add(new EvtxWarning(file, chunkOffset + 52, "chunk records checksum mismatch"));
      }
    }
    BinXmlDecoder decoder = new BinXmlDecoder(buf, len);
    int pos = CHUNK_HEADER_SIZE;
    while (pos <= end - 28 && r.records.size() < maxRecords) {
      int size = Bytes.i32(buf, pos + 4);
      String problem = null;
      if (Bytes.i32(buf, pos) != RECORD_SIGNATURE) {
        if (allZero(buf, pos, end)) {
          break;
        }
        problem = "bad record signature";
      } else if (size < 28 || size > end - pos) {
        problem = "bad record size " + size;
      } else if (Bytes.i32(buf, pos + size - 4) != size) {
        problem = "record size copy mismatch";
      }
      if (problem != null) {
        r.warnings.add(new EvtxWarning(file, chunkOffset + pos, problem + ", skipping to the next record"));
        r.skippedRecords++;
        pos = resync(buf, pos + 1, end);
        continue;
      }
      long id = Bytes.i64(buf, pos + 8);
      long ticks = Bytes.i64(buf, pos + 16);
      try {
        XElement root = decoder.decodeRecord(pos + 24, pos + size - 4);
        r.records.add(new EvtxRecord(id, ticks, chunkOffset + pos, root));
      } catch (BinXmlException e) {
        r.skippedRecords++;
        r.warnings.add(new EvtxWarning(file, chunkOffset + e.offset, "record " + id + " skipped: " + e.getMessage()));
      }
      if (decoder.chunkExhausted()) {
        r.warnings.add(
            new EvtxWarning(
                file,
                chunkOffset + pos,
                "chunk expands to more than " + BinXmlDecoder.MAX_CHUNK_ELEMENTS + " elements; rest of the chunk skipped"));
        break;
      }
      pos += size;
    }
    return r;
  }

  /** The next offset holding a plausible record header, or {@code end}. */
  private static int resync(byte[] buf, int from, int end) {
    for (int p = from; p <= end - 28; p++) {
      if (buf[p] == 0x2a && buf[p + 1] == 0x2a && buf[p + 2] == 0 && buf[p + 3] == 0) {
        int size = Bytes.i32(buf, p + 4);
        if (size >= 28 && size <= end - p && Bytes.i32(buf, p + size - 4) == size) {
          return p;
        }
      }
    }
    return end;
  }

  static boolean signature(byte[] buf) {
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (buf[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean isZero(byte[] buf, int len) {
    return allZero(buf, 0, len);
  }

  private static boolean allZero(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
