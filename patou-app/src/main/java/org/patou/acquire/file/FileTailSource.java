package org.patou.acquire.file;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.acquire.IngestSink;
import org.patou.acquire.Source;
import org.patou.acquire.SourceMetrics;
import org.patou.store.Wal;
import org.patou.store.WalRecord;

/**
 * Follows files matching globs, one named thread ({@code patou-file-tail}) polling every {@code
 * pollMs}. Files are told apart by their identity ({@code fileKey}: device and inode), not their
 * name, so that:
 *
 * <ul>
 *   <li><b>rename rotation</b> ({@code auth.log} → {@code auth.log.1}, new {@code auth.log}): the
 *       renamed file stays open and is read to its end, then the new one from 0;
 *   <li><b>copytruncate</b>: the same file becomes shorter than the position: reading restarts at
 *       0 (lines written between the copy and the truncation are lost; that is copytruncate's own
 *       window);
 *   <li><b>restart</b>: positions (identity, offset) are saved after the lines they cover are
 *       fsynced in the WAL, so nothing is skipped; a crash between that fsync and the save re-reads
 *       at most the last batch (up to 512 lines of one file: a known duplicate window, to close by
 *       writing positions into the WAL).
 * </ul>
 *
 * Only complete lines are read (a last line without its newline waits). A new file found after
 * start is read from its beginning.
 *
 * <p>Each file's lines go to the WAL under the source {@code file:IDENTITY} (see {@link
 * WalRecord#source()}), so that a parser keeping state across lines (a Zeek TSV log's header) keeps
 * one per file, across renames. When reading resumes inside a file (after a restart), the file's
 * leading {@code #} lines (a Zeek header, at most {@link #HEADER_MAX} bytes) are handed again first,
 * so that the lines after them can still be read; they are stored again as header events.
 */
public final class FileTailSource implements Source {
  private static final Logger LOG = Logger.getLogger(FileTailSource.class.getName());
  public static final String NAME = "file";
  private static final int BATCH = 512;
  /** The most bytes of leading {@code #} lines handed again when reading resumes inside a file. */
  static final int HEADER_MAX = 64 * 1024;

  private final FileConfig config;
  private final Map<Object, Tail> tails = new HashMap<>();
  private final Map<String, Long> saved = new HashMap<>();
  private volatile boolean closed;
  private Thread thread;
  private IngestSink sink;
  private SourceMetrics metrics;

  /** One followed file: its open channel, where we are, and whether a long line is being skipped. */
  private static final class Tail {
    final Object key;
    Path path;
    final FileChannel ch;
    long offset;
    boolean skipping;
    boolean rotated;
    final String stream;
    /** Leading '#' lines to hand before the first lines read (resumed inside the file), or null. */
    List<byte[]> header;

    Tail(Object key, Path path, FileChannel ch, long offset) {
      this.key = key;
      this.path = path;
      this.ch = ch;
      this.offset = offset;
      this.stream = NAME + ":" + key;
    }
  }

  public FileTailSource(FileConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InetSocketAddress address() {
    return null;
  }

  @Override
  public void start(IngestSink sink) throws IOException {
    this.sink = sink;
    this.metrics = sink.metrics(NAME);
    loadPositions();
    thread = new Thread(this::loop, "patou-file-tail");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        pollOnce();
        Thread.sleep(config.pollMs());
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "file tail: {0}", e.toString());
        }
      }
    }
  }

  /** One pass: find files, read what was added, handle rotation and truncation. */
  synchronized void pollOnce() throws IOException, InterruptedException {
    Map<Object, Path> current = new HashMap<>();
    for (String g : config.globs()) {
      Path glob = Path.of(g);
      Path dir = glob.getParent();
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          if (m.matches(p.getFileName()) && Files.isRegularFile(p)) {
            try {
              Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
              current.put(key == null ? p.toAbsolutePath().toString() : key, p);
            } catch (NoSuchFileException e) {
              // rotated away between listing and reading
            }
          }
        }
      }
    }
    // Files no longer matched under any name: read to the end (rename rotation), then drop.
    for (Iterator<Map.Entry<Object, Tail>> it = tails.entrySet().iterator(); it.hasNext(); ) {
      Tail t = it.next().getValue();
      if (!current.containsKey(t.key)) {
        read(t);
        t.ch.close();
        it.remove();
      }
    }
    for (Map.Entry<Object, Path> e : current.entrySet()) {
      Tail t = tails.get(e.getKey());
      if (t == null) {
        FileChannel ch;
        try {
          ch = FileChannel.open(e.getValue(), StandardOpenOption.READ);
        } catch (NoSuchFileException x) {
          continue;
        }
        Long pos = saved.remove(e.getKey().toString());
        t = new Tail(e.getKey(), e.getValue(), ch, pos == null ? 0 : pos);
        if (t.offset > 0) {
          t.header = leadingComments(ch, Math.min(t.offset, HEADER_MAX));
        }
        tails.put(e.getKey(), t);
      }
      t.path = e.getValue();
      if (t.ch.size() < t.offset) {
        t.offset = 0; // copytruncate
        t.skipping = false;
      }
    }
    // Read older names first (auth.log.1 before auth.log) so that rotation keeps order.
    List<Tail> order = new ArrayList<>(tails.values());
    order.sort((a, b) -> b.path.getFileName().toString().compareTo(a.path.getFileName().toString()));
    for (Tail t : order) {
      read(t);
    }
  }

  private void read(Tail t) throws IOException, InterruptedException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    byte[] partial = new byte[0];
    List<byte[]> lines = new ArrayList<>();
    long lineStart = t.offset;
    long pos = t.offset;
    while (true) {
      buf.clear();
      int n = t.ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      metrics.bytes.add(n);
      byte[] a = buf.array();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (a[i] == '\n') {
          int len = partial.length + i - start;
          if (t.skipping || len > config.maxLine()) {
            metrics.rejected.increment();
            t.skipping = false;
          } else {
            byte[] line = Arrays.copyOf(partial, len);
            System.arraycopy(a, start, line, partial.length, i - start);
            int l = line.length;
            if (l > 0 && line[l - 1] == '\r') {
              line = Arrays.copyOf(line, l - 1);
            }
            if (line.length > 0) {
              lines.add(line);
            }
          }
          partial = new byte[0];
          start = i + 1;
          lineStart = pos + i + 1;
          if (lines.size() >= BATCH) {
            hand(t, lines, lineStart);
          }
        }
      }
      if (!t.skipping) {
        int rest = n - start;
        if (partial.length + rest > config.maxLine()) {
          t.skipping = true;
          partial = new byte[0];
        } else {
          byte[] p = Arrays.copyOf(partial, partial.length + rest);
          System.arraycopy(a, start, p, partial.length, rest);
          partial = p;
        }
      }
      pos += n;
    }
    hand(t, lines, lineStart);
  }

  /** The lines starting with '#' at the start of the file, within its first {@code max} bytes. */
  static List<byte[]> leadingComments(FileChannel ch, long max) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) max);
    while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
      // read up to max bytes
    }
    byte[] a = buf.array();
    int n = buf.position();
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    while (start < n && a[start] == '#') {
      int nl = start;
      while (nl < n && a[nl] != '\n') {
        nl++;
      }
      if (nl == n) {
        break; // an incomplete line: not handed
      }
      int end = nl > start && a[nl - 1] == '\r' ? nl - 1 : nl;
      out.add(Arrays.copyOfRange(a, start, end));
      start = nl + 1;
    }
    return out.isEmpty() ? null : out;
  }

  private void hand(Tail t, List<byte[]> lines, long endOffset) throws IOException, InterruptedException {
    if (t.header != null && !lines.isEmpty()) {
      lines.addAll(0, t.header);
      t.header = null;
    }
    if (lines.isEmpty()) {
      if (endOffset != t.offset) {
        t.offset = endOffset;
        savePositions();
      }
      return;
    }
    sink.reserve(lines.size());
    long now = System.currentTimeMillis();
    List<Wal.Entry> entries = new ArrayList<>(lines.size());
    for (byte[] l : lines) {
      entries.add(new Wal.Entry(WalRecord.LINE, now, t.stream, l));
    }
    try {
      sink.submit(entries, true);
    } catch (IOException | RuntimeException e) {
      sink.release(lines.size());
      throw e;
    }
    metrics.received.add(lines.size());
    lines.clear();
    t.offset = endOffset;
    savePositions();
  }

  private void loadPositions() throws IOException {
    if (!Files.exists(config.positions())) {
      return;
    }
    for (String line : Files.readAllLines(config.positions(), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", 3);
      if (f.length >= 2) {
        try {
          saved.put(f[0], Long.parseLong(f[1]));
        } catch (NumberFormatException e) {
          LOG.log(Level.WARNING, "{0}: bad line ignored: {1}", new Object[] {config.positions(), line});
        }
      }
    }
  }

  /** identity TAB offset TAB path, one line per file; written to a temporary file and renamed. */
  private void savePositions() throws IOException {
    StringBuilder b = new StringBuilder();
    for (Tail t : tails.values()) {
      b.append(t.key).append('\t').append(t.offset).append('\t').append(t.path).append('\n');
    }
    for (Map.Entry<String, Long> e : saved.entrySet()) {
      b.append(e.getKey()).append('\t').append(e.getValue()).append("\t-\n"); // not seen yet since restart
    }
    Path tmp = config.positions().resolveSibling(config.positions().getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, config.positions(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      for (Tail t : tails.values()) {
        t.ch.close();
      }
      tails.clear();
    }
  }
}
