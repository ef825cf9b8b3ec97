package org.patou.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The write-ahead log: segment files in one folder, the format in {@code package-info.java}.
 *
 * <p>Thread-safe. {@link #append} writes (and is serialised); {@link #sync} makes everything up to
 * a sequence number durable with one {@code fsync} shared by every thread waiting at that moment
 * (group commit). A source acknowledges only after {@code sync} returned.
 */
public final class Wal implements Closeable {
  private static final Logger LOG = Logger.getLogger(Wal.class.getName());

  static final int MAGIC = 0x5057_414C; // "PWAL"
  static final short VERSION = 1;
  static final int HEADER_SIZE = 20;
  /** The largest record body: a larger length field is a torn or corrupt record. */
  public static final int MAX_RECORD = 16 * 1024 * 1024;

  private final Path dir;
  private final long segmentSize;
  private final Object appendLock = new Object();
  private final Object syncLock = new Object();
  private volatile FileChannel channel;
  private volatile Path currentFile;
  private long position;
  private volatile long lastSeq;
  private volatile long durableSeq;

  /** A record to append; the log gives it its sequence number. */
  public record Entry(byte kind, long receivedAt, String source, byte[] payload) {}

  /**
   * Opens (or creates) the log in {@code dir}. The last segment's torn tail, if any (a crash in the
   * middle of a write), is cut off.
   */
  public Wal(Path dir, long segmentSize) throws IOException {
    this.dir = dir;
    this.segmentSize = segmentSize;
    Files.createDirectories(dir);
    List<Path> segments = segments();
    if (segments.isEmpty()) {
      lastSeq = 0;
      openNew(1);
    } else {
      Path last = segments.get(segments.size() - 1);
      long first = readHeader(last);
      long[] end = {HEADER_SIZE, first - 1};
      scan(last, rec -> end[1] = rec.seq(), end, true);
      FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.READ);
      if (ch.size() > end[0]) {
        LOG.log(Level.WARNING, "WAL {0}: cutting a torn tail at offset {1} ({2} bytes)",
            new Object[] {last, end[0], ch.size() - end[0]});
        ch.truncate(end[0]);
        ch.force(true);
      }
      ch.position(end[0]);
      channel = ch;
      currentFile = last;
      position = end[0];
      lastSeq = end[1];
    }
    durableSeq = lastSeq;
  }

  /** The last sequence number written (0 for an empty log). */
  public long lastSeq() {
    return lastSeq;
  }

  /**
   * Makes the next sequence number at least {@code seq + 1} (when the WAL folder was lost or
   * emptied while the store and its checkpoint were kept, numbering must not restart at 1: sequence
   * numbers are event ids).
   */
  public void skipTo(long seq) throws IOException {
    synchronized (appendLock) {
      if (lastSeq >= seq) {
        return;
      }
      LOG.log(Level.WARNING, "WAL in {0} ends at {1}, before the store''s checkpoint {2}: numbering continues after it",
          new Object[] {dir, lastSeq, seq});
      rotate(seq + 1);
      lastSeq = seq;
      durableSeq = seq;
    }
  }

  /** Appends entries; returns the sequence number of the last one. Not yet durable: see {@link #sync}. */
  public long append(List<Entry> entries) throws IOException {
    synchronized (appendLock) {
      long seq = lastSeq;
      ByteBuffer buf = null;
      for (Entry e : entries) {
        seq++;
        byte[] src = e.source().getBytes(StandardCharsets.UTF_8);
        int body = 8 + 1 + 8 + 2 + src.length + e.payload().length;
        if (body > MAX_RECORD) {
          throw new IllegalArgumentException("record of " + body + " bytes (max " + MAX_RECORD + ")");
        }
        if (buf == null || buf.capacity() < body + 8) {
          buf = ByteBuffer.allocate(Math.max(body + 8, 64 * 1024)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        buf.position(8);
        buf.putLong(seq).put(e.kind()).putLong(e.receivedAt()).putShort((short) src.length);
        buf.put(src).put(e.payload());
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 8, body);
        buf.putInt(0, body).putInt(4, (int) crc.getValue());
        buf.flip();
        if (position + buf.remaining() > segmentSize && position > HEADER_SIZE) {
          rotate(seq);
        }
        while (buf.hasRemaining()) {
          position += channel.write(buf);
        }
      }
      lastSeq = seq;
      return seq;
    }
  }

  /** Returns when every record up to {@code seq} is on disk ({@code fsync}). */
  public void sync(long seq) throws IOException {
    if (durableSeq >= seq) {
      return;
    }
    synchronized (syncLock) {
      if (durableSeq >= seq) {
        return;
      }
      long target = lastSeq;
      channel.force(false);
      durableSeq = target;
    }
  }

  /** Hands every record with a sequence number above {@code afterSeq} to {@code sink}, in order. */
  public void replay(long afterSeq, Consumer<WalRecord> sink) throws IOException {
    List<Path> segments = segments();
    for (int i = 0; i < segments.size(); i++) {
      Path p = segments.get(i);
      if (i + 1 < segments.size() && firstSeqOf(segments.get(i + 1)) - 1 <= afterSeq) {
        continue;
      }
      boolean last = i == segments.size() - 1;
      scan(p, r -> {
        if (r.seq() > afterSeq) {
          sink.accept(r);
        }
      }, new long[2], last);
    }
  }

  /** Deletes the segments holding only records up to {@code seq} (never the one being written). */
  public void deleteUpTo(long seq) throws IOException {
    List<Path> segments = segments();
    for (int i = 0; i + 1 < segments.size(); i++) {
      if (firstSeqOf(segments.get(i + 1)) - 1 <= seq && !segments.get(i).equals(currentFile)) {
        Files.deleteIfExists(segments.get(i));
      }
    }
  }

  /** Total bytes of the segment files. */
  public long sizeBytes() throws IOException {
    long n = 0;
    for (Path p : segments()) {
      n += Files.size(p);
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    synchronized (appendLock) {
      synchronized (syncLock) {
        channel.force(false);
        durableSeq = lastSeq;
        channel.close();
      }
    }
  }

  private void rotate(long nextSeq) throws IOException {
    synchronized (syncLock) {
      channel.force(false);
      durableSeq = nextSeq - 1;
      channel.close();
      openNew(nextSeq);
    }
  }

  private void openNew(long firstSeq) throws IOException {
    Path p = dir.resolve(String.format(java.util.Locale.ROOT, "wal-%020d.log", firstSeq));
    FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(firstSeq);
    CRC32 crc = new CRC32();
    crc.update(h.array(), 0, 16);
    h.putInt((int) crc.getValue());
    h.flip();
    while (h.hasRemaining()) {
      ch.write(h);
    }
    ch.force(true);
    syncDir();
    channel = ch;
    currentFile = p;
    position = HEADER_SIZE;
  }

  private void syncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // Not every platform can fsync a directory; the segment file itself is synced.
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("wal-") && n.endsWith(".log");
      }).sorted().toList();
    }
  }

  private static long firstSeqOf(Path p) {
    String n = p.getFileName().toString();
    return Long.parseLong(n.substring(4, n.length() - 4));
  }

  /** Validates a segment header; returns its first sequence number. */
  static long readHeader(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      while (h.hasRemaining() && ch.read(h) > 0) {
        // fill
      }
      if (h.position() < HEADER_SIZE) {
        throw new WalCorruptException(p, 0, "header cut short (" + h.position() + " bytes)");
      }
      h.flip();
      if (h.getInt(0) != MAGIC) {
        throw new WalCorruptException(p, 0, "not a patou WAL segment (bad magic)");
      }
      if (h.getShort(4) != VERSION) {
        throw new WalCorruptException(p, 4, "unsupported version " + h.getShort(4));
      }
      CRC32 crc = new CRC32();
      crc.update(h.array(), 0, 16);
      if ((int) crc.getValue() != h.getInt(16)) {
        throw new WalCorruptException(p, 16, "header checksum mismatch");
      }
      return h.getLong(8);
    }
  }

  /**
   * Reads the records of one segment. In the last segment a bad record ends the scan (a torn
   * write: {@code end[0]} receives the offset of the good prefix); elsewhere it is an error.
   */
  private static void scan(Path p, Consumer<WalRecord> sink, long[] end, boolean tolerateTail)
      throws IOException {
    readHeader(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      long off = HEADER_SIZE;
      ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      while (off < size) {
        String problem = null;
        WalRecord rec = null;
        head.clear();
        ch.read(head, off);
        if (head.position() < 8) {
          problem = "record header cut short";
        } else {
          int len = head.getInt(0);
          int crcv = head.getInt(4);
          if (len < 19 || len > MAX_RECORD || off + 8 + len > size) {
            problem = "bad record length " + len;
          } else {
            ByteBuffer body = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
            while (body.hasRemaining() && ch.read(body, off + 8 + body.position()) > 0) {
              // fill
            }
            CRC32 crc = new CRC32();
            crc.update(body.array(), 0, len);
            if ((int) crc.getValue() != crcv) {
              problem = "record checksum mismatch";
            } else {
              body.flip();
              long seq = body.getLong();
              byte kind = body.get();
              long at = body.getLong();
              int sl = Short.toUnsignedInt(body.getShort());
              if (sl > body.remaining()) {
                problem = "bad source length";
              } else {
                String src = new String(body.array(), body.position(), sl, StandardCharsets.UTF_8);
                body.position(body.position() + sl);
                byte[] payload = new byte[body.remaining()];
                body.get(payload);
                rec = new WalRecord(seq, kind, at, src, payload);
                off += 8 + len;
              }
            }
          }
        }
        if (problem != null) {
          if (tolerateTail) {
            break;
          }
          throw new WalCorruptException(p, off, problem);
        }
        end[0] = off;
        sink.accept(rec);
      }
      end[0] = off;
    }
  }

  /** For tests and tools: every segment file, in order. */
  List<Path> segmentFiles() throws IOException {
    return new ArrayList<>(segments());
  }
}
