package org.patou.evtx;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * An open EVTX file, read as a stream of 64 KiB chunks through a {@link FileChannel}: the whole file
 * is never loaded. Chunks may be decoded in parallel; records are always delivered in file order,
 * on the calling thread. Not thread-safe: one {@code records} call at a time.
 *
 * <pre>{@code
 * try (EvtxFile f = EvtxFile.open(path)) {
 *   EvtxReadStats stats = f.records(EvtxOptions.defaults().withWarnings(w -> log.warn(w.toString())),
 *       rec -> engine.match(rec.event()));
 * }
 * }</pre>
 */
public final class EvtxFile implements Closeable {
  static final int FILE_HEADER_SIZE = 4096;
  private static final byte[] SIGNATURE = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final EvtxFileHeader header;

  private EvtxFile(Path path, FileChannel channel, long size, EvtxFileHeader header) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    this.header = header;
  }

  /**
   * Opens a file and reads its header.
   *
   * @throws EvtxException when the file cannot be read, is empty, shorter than its 4 KiB header, or
   *     not EVTX (the message names the file and the offset)
   */
  public static EvtxFile open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException | RuntimeException e) {
      throw new EvtxException(path, -1, "cannot open: " + e, e);
    }
    try {
      long size = ch.size();
      if (size == 0) {
        throw new EvtxException(path, 0, "empty file, not EVTX");
      }
      byte[] h = new byte[FILE_HEADER_SIZE];
      int n = readFully(ch, h, 0);
      for (int i = 0; i < SIGNATURE.length; i++) {
        if (i >= n || h[i] != SIGNATURE[i]) {
          throw new EvtxException(path, 0, "not an EVTX file (no ElfFile signature)");
        }
      }
      if (n < FILE_HEADER_SIZE) {
        throw new EvtxException(path, n, "truncated file: " + n + " bytes, shorter than the 4096-byte header");
      }
      CRC32 crc = new CRC32();
      crc.update(h, 0, 120);
      EvtxFileHeader header =
          new EvtxFileHeader(
              Bytes.i64(h, 8),
              Bytes.i64(h, 16),
              Bytes.i64(h, 24),
              Bytes.u16(h, 36),
              Bytes.u16(h, 38),
              Bytes.u16(h, 42),
              Math.max(0, (size - FILE_HEADER_SIZE) / ChunkReader.CHUNK_SIZE),
              Bytes.i32(h, 120),
              (int) crc.getValue() == Bytes.i32(h, 124));
      return new EvtxFile(path, ch, size, header);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new EvtxException(path, -1, "cannot read: " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  /** The file header as read at {@link #open}. */
  public EvtxFileHeader header() {
    return header;
  }

  /** Chunk slots in the file, a truncated last one included. */
  private long chunkSlots() {
    long data = Math.max(0, size - FILE_HEADER_SIZE);
    return (data + ChunkReader.CHUNK_SIZE - 1) / ChunkReader.CHUNK_SIZE;
  }

  /**
   * Decodes every record and hands each to {@code sink}, in file order, on the calling thread.
   * Corrupt chunks and records are skipped with a warning; a bad checksum is a warning and the data
   * is still read.
   *
   * @throws EvtxException on an I/O error; at the first corruption with {@link
   *     EvtxOptions#strict()}; for a file that ends inside a chunk (truncated), after every record
   *     that could be read from it has been delivered
   */
  public EvtxReadStats records(EvtxOptions options, Consumer<EvtxRecord> sink) {
    return records(options, Function.identity(), sink);
  }

  /**
   * As {@link #records(EvtxOptions, Consumer)}, applying {@code map} to each record on the
   * decoding thread (in parallel when chunks are) before {@code sink} receives the results in order:
   * use it to build events or JSON in parallel.
   */
  public <T> EvtxReadStats records(EvtxOptions options, Function<EvtxRecord, T> map, Consumer<T> sink) {
    Stats stats = new Stats();
    if (!header.checksumOk()) {
      warn(options, stats, new EvtxWarning(path, 124, "file header checksum mismatch"));
    }
    long slots = chunkSlots();
    boolean truncated = (size - FILE_HEADER_SIZE) % ChunkReader.CHUNK_SIZE != 0;
    if (options.executor() == null && options.effectiveThreads() <= 1 || slots <= 1) {
      for (long i = 0; i < slots; i++) {
        deliver(options, stats, decode(i, map, Integer.MAX_VALUE), sink);
      }
      return finish(stats, truncated);
    }
    // With a caller's executor, its parallelism is unknown: keep 8 chunks in flight.
    int threads = options.executor() == null ? options.effectiveThreads() : 4;
    InOrder.run(
        slots,
        i -> decode(i, map, Integer.MAX_VALUE),
        threads,
        options.executor(),
        d -> deliver(options, stats, d, sink));
    return finish(stats, truncated);
  }

  /** A truncated file is an error, raised once every readable record has been delivered. */
  private EvtxReadStats finish(Stats stats, boolean truncated) {
    if (truncated) {
      throw new EvtxException(
          path,
          size,
          "truncated file: it ends inside chunk " + (chunkSlots() - 1) + "; the " + stats.records
              + " records before that point were delivered");
    }
    return stats.snapshot();
  }

  /**
   * The channels of this file, from the first record of up to {@code maxChunks} chunks spread over
   * the file: cheap (a few records decoded), enough for skipping a file no rule reads, since a file
   * normally holds one channel.
   */
  public Set<String> channels(int maxChunks) {
    Set<String> out = new LinkedHashSet<>();
    long slots = chunkSlots();
    if (slots == 0 || maxChunks <= 0) {
      return out;
    }
    long picks = Math.min(slots, maxChunks);
    for (long k = 0; k < picks; k++) {
      long i = picks == 1 ? 0 : k * (slots - 1) / (picks - 1);
      Decoded<EvtxRecord> d = decode(i, Function.identity(), 1);
      for (EvtxRecord r : d.mapped) {
        String c = r.channel();
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static final class Decoded<T> {
    final ChunkReader.Result result;
    final List<T> mapped;

    Decoded(ChunkReader.Result result, List<T> mapped) {
      this.result = result;
      this.mapped = mapped;
    }
  }

  private static final class Stats {
    long records;
    long chunks;
    long skippedChunks;
    long unusedChunks;
    long skippedRecords;
    long warnings;
    long expected;

    EvtxReadStats snapshot() {
      return new EvtxReadStats(records, chunks, skippedChunks, unusedChunks, skippedRecords, warnings, expected);
    }
  }

  private <T> Decoded<T> decode(long index, Function<EvtxRecord, T> map, int maxRecords) {
    long offset = FILE_HEADER_SIZE + index * ChunkReader.CHUNK_SIZE;
    byte[] buf = new byte[ChunkReader.CHUNK_SIZE];
    int n;
    try {
      // Preallocated files hold many never-written chunks: look at the header first.
      n = readFully(channel, buf, 0, offset, ChunkReader.CHUNK_HEADER_SIZE);
      if (n == ChunkReader.CHUNK_HEADER_SIZE && ChunkReader.isZero(buf, ChunkReader.CHUNK_HEADER_SIZE)) {
        ChunkReader.Result unused = new ChunkReader.Result();
        unused.unused = true;
        return new Decoded<>(unused, List.of());
      }
      if (n == ChunkReader.CHUNK_HEADER_SIZE) {
        n += readFully(channel, buf, n, offset + n, buf.length - n);
      }
    } catch (IOException e) {
      throw new EvtxException(path, offset, "cannot read chunk: " + e, e);
    }
    ChunkReader.Result r;
    try {
      r = ChunkReader.read(path, offset, buf, n, maxRecords);
    } catch (RuntimeException | StackOverflowError e) { // a decoder bug must not kill the whole file
      r = new ChunkReader.Result();
      r.skipped = true;
      r.warnings.add(new EvtxWarning(path, offset, "chunk skipped, decoder failure: " + e));
    }
    List<T> mapped = new ArrayList<>(r.records.size());
    for (EvtxRecord rec : r.records) {
      mapped.add(map.apply(rec));
    }
    return new Decoded<>(r, mapped);
  }

  private <T> void deliver(EvtxOptions options, Stats stats, Decoded<T> d, Consumer<T> sink) {
    for (EvtxWarning w : d.result.warnings) {
      warn(options, stats, w);
    }
    if (d.result.skipped) {
      stats.skippedChunks++;
    } else if (d.result.unused) {
      stats.unusedChunks++;
    } else {
      stats.chunks++;
    }
    stats.skippedRecords += d.result.skippedRecords;
    stats.expected += d.result.expected;
    for (T t : d.mapped) {
      stats.records++;
      sink.accept(t);
    }
  }

  private void warn(EvtxOptions options, Stats stats, EvtxWarning w) {
    stats.warnings++;
    if (options.strict()) {
      throw new EvtxException(w.file(), w.offset(), w.message());
    }
    if (options.warnings() != null) {
      options.warnings().accept(w);
    }
  }

  private static int readFully(FileChannel ch, byte[] buf, long offset) throws IOException {
    return readFully(ch, buf, 0, offset, buf.length);
  }

  /** Reads up to {@code len} bytes at file {@code offset} into {@code buf[at…]}; returns the count. */
  private static int readFully(FileChannel ch, byte[] buf, int at, long offset, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf, at, len);
    while (bb.hasRemaining()) {
      int r = ch.read(bb, offset + bb.position() - at);
      if (r < 0) {
        break;
      }
    }
    return bb.position() - at;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing a read-only channel
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }
}
