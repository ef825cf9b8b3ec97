package org.patou.hunt;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.patou.event.Event;
import org.patou.event.EventParseException;
import org.patou.event.JsonEventReader;
import org.patou.parse.InputFormat;
import org.patou.parse.LineReader;
import org.patou.parse.RecordParser;
import org.patou.parse.SyslogParser;
import org.patou.parse.zeek.ZeekParser;
import org.patou.sigma.match.Detection;

/**
 * A one-shot hunt: reads files and hands their events to a {@link Matcher}.
 *
 * <p>Threads: files are read in parallel by a bounded pool of {@code threads} named {@code
 * patou-hunt-N}; each worker has its own {@link Matcher#copy()}, {@link Matcher#reset() reset} at the
 * start of each file (so correlation state is per file and the result does not depend on
 * scheduling, without paying a copy per file). Results are handed to the sink on the calling thread in
 * the order of the files, each file's detections ordered by event time: output is deterministic. At
 * most {@code 4 × threads} finished files wait for their turn.
 */
public final class Hunt {

  /**
   * @param since events before this epoch-ms time are ignored (null: no bound); events without a
   *     time are always kept
   * @param until events at or after this time are ignored (null: no bound)
   * @param zone zone of timestamps written without one (RFC 3164 syslog)
   * @param threads worker threads (at least 1)
   */
  public record Options(Long since, Long until, ZoneId zone, int threads) {}

  private final Matcher prototype;
  private final ThreadLocal<Matcher> perWorker;
  /** The parsers of {@code patou serve}, one set per worker (they keep state: Zeek headers). */
  private final ThreadLocal<RecordParser> parsers;
  private final Options options;
  private final Progress progress;

  public Hunt(Matcher prototype, Options options, Progress progress) {
    this.prototype = prototype;
    this.perWorker = ThreadLocal.withInitial(prototype::copy);
    this.parsers = ThreadLocal.withInitial(() -> new RecordParser(options.zone(), RecordParser.webParsers(options.zone())));
    this.options = options;
    this.progress = progress;
  }

  /** Reads {@code files}, handing one result per file to {@code sink}, in order. */
  public void run(List<Path> files, Consumer<FileResult> sink) throws InterruptedException {
    long bytes = 0;
    for (Path f : files) {
      try {
        bytes += Files.size(f);
      } catch (IOException e) {
        // counted as 0; the read reports the problem
      }
    }
    progress.start(files.size(), bytes);
    int threads = Math.max(1, Math.min(options.threads(), Math.max(1, files.size())));
    ExecutorService pool =
        new ThreadPoolExecutor(
            threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), namedThreads());
    try {
      Deque<Future<FileResult>> inFlight = new ArrayDeque<>();
      int next = 0;
      int window = 4 * threads;
      while (next < files.size() || !inFlight.isEmpty()) {
        while (next < files.size() && inFlight.size() < window) {
          Path f = files.get(next++);
          inFlight.add(pool.submit(() -> readFile(f)));
        }
        FileResult r;
        try {
          r = inFlight.removeFirst().get();
        } catch (ExecutionException e) {
          // readFile catches what it can; an Error or a matcher bug lands here.
          throw new IllegalStateException("hunt worker failed: " + e.getCause(), e.getCause());
        }
        sink.accept(r);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      progress.finish();
    }
  }

  private static ThreadFactory namedThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "patou-hunt-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Reads one file; never throws for bad input. */
  FileResult readFile(Path file) {
    List<Detection> found = new ArrayList<>();
    long[] records = {0};
    InputFormat format = null;
    String error = null;
    String skipped = null;
    Matcher m = perWorker.get();
    m.reset();
    Consumer<Detection> collect = found::add;
    Consumer<Event> sink =
        e -> {
          records[0]++;
          if ((records[0] & 1023) == 0) {
            progress.records(1024);
          }
          if (options.since() != null || options.until() != null) {
            long t = m.timestampOf(e);
            if (t != Long.MIN_VALUE
                && ((options.since() != null && t < options.since())
                    || (options.until() != null && t >= options.until()))) {
              return;
            }
          }
          m.match(e, collect);
        };
    try (InputStream raw = counting(Files.newInputStream(file))) {
      InputStream in = new BufferedInputStream(raw, 1 << 16);
      format = sniff(in);
      if (format == InputFormat.GZIP) {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        format = sniff(in);
        if (format == InputFormat.GZIP || format == InputFormat.EVTX) {
          error = "gzip-compressed " + (format == InputFormat.EVTX ? "EVTX" : "gzip") + ": decompress it first";
          format = InputFormat.BINARY;
        }
      }
      switch (format) {
        case JSON -> {
          // Suricata EVE and Zeek JSON become ECS as in patou serve; other JSON stays as it is.
          RecordParser parser = parsers.get();
          new JsonEventReader().readAll(in, e -> sink.accept(parser.mapJson(e, null)));
        }
        case TEXT -> skipped = readText(in, file, sink);
        case EVTX -> {
          java.util.Set<String> channels = EvtxSupport.probeChannels(file);
          if (!channels.isEmpty() && channels.stream().noneMatch(m::mayMatch)) {
            skipped = "no loaded rule reads channel " + String.join(", ", channels);
          } else {
            error = EvtxSupport.read(file, sink);
          }
          progress.bytes(Math.max(0, Files.size(file) - InputFormat.PROBE));
        }
        case BINARY -> {
          if (error == null) {
            error = "not a format patou reads (binary, not EVTX)";
          }
        }
        default -> {}
      }
      if (skipped == null) {
        m.finish(collect);
      }
    } catch (EventParseException e) {
      error = e.getMessage() + " (after " + records[0] + " records)";
      m.finish(collect);
    } catch (IOException | RuntimeException e) {
      error = InputFiles.message(e);
    }
    progress.records(records[0] & 1023);
    progress.detections(found.size());
    progress.fileDone(file.toString());
    found.sort(Comparator.comparingLong(Detection::timestamp));
    return new FileResult(file, format, records[0], List.copyOf(found), error, skipped);
  }

  /** Lines looked at to decide whether a text file is a log. */
  static final int SNIFF_LINES = 50;

  /** Sniffs the format of what {@code in} holds next, leaving it unread (mark/reset). */
  private static InputFormat sniff(InputStream in) throws IOException {
    in.mark(InputFormat.PROBE);
    byte[] head = in.readNBytes(InputFormat.PROBE);
    in.reset();
    return InputFormat.sniff(head, head.length);
  }

  /** "Now" for the year of RFC 3164 times: the file's modification time, epoch ms. */
  private static long reference(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return System.currentTimeMillis();
    }
  }

  /**
   * Reads text as log lines with the parsers of {@code patou serve} (Zeek TSV, web access and
   * error logs, syslog and auth lines); returns why it was skipped (null when read): text none of
   * whose first {@value #SNIFF_LINES} non-blank lines any of them recognises is not a log patou
   * reads (a README, a licence...), and its lines would reach only rules that match any text.
   */
  private String readText(InputStream in, Path file, Consumer<Event> sink) throws IOException {
    RecordParser parser = parsers.get();
    String stream = file.toString();
    long reference = reference(file);
    LineReader lines = new LineReader(in, SyslogParser.MAX_LINE);
    List<Event> pending = new ArrayList<>();
    boolean log = false;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      Event e = parser.line(stream, line, reference).event();
      if (ZeekParser.isHeader(e)) {
        log = true; // a Zeek log: its header says so, and is not an event
        pending.forEach(sink);
        pending.clear();
        continue;
      }
      if (log) {
        sink.accept(e);
        continue;
      }
      pending.add(e);
      if (e.get("@timestamp") != null) {
        log = true;
        pending.forEach(sink);
        pending.clear();
      } else if (pending.size() >= SNIFF_LINES) {
        break;
      }
    }
    return log || pending.isEmpty()
        ? null
        : "text without log lines patou recognises in its first " + SNIFF_LINES + " lines: not a log patou reads";
  }

  private InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      private long pending;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          add(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          add(n);
        }
        return n;
      }

      private void add(long n) {
        pending += n;
        if (pending >= 1 << 20) {
          progress.bytes(pending);
          pending = 0;
        }
      }

      @Override
      public void close() throws IOException {
        progress.bytes(pending);
        pending = 0;
        super.close();
      }
    };
  }
}
