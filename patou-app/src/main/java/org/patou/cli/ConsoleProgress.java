package org.patou.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.patou.hunt.Progress;

/**
 * Hunt progress on stderr: a progress bar (bytes, with ETA) when stderr is a terminal, a plain line
 * every few seconds otherwise, nothing with {@code --quiet}. Both say files, records, records/s and
 * detections so far. Whether stderr is a terminal comes from the launcher ({@code
 * -Dpatou.stderr.tty=true}); without it, from {@code System.console()}.
 */
abstract class ConsoleProgress implements Progress {
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong records = new AtomicLong();
  final AtomicLong detections = new AtomicLong();
  final AtomicInteger filesDone = new AtomicInteger();
  volatile int files;
  volatile long totalBytes;
  volatile long started;

  static ConsoleProgress create(PrintWriter err, boolean quiet) {
    if (quiet) {
      return new Silent(err);
    }
    String tty = System.getProperty("patou.stderr.tty");
    boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    return terminal ? new Bar(err) : new Lines(err);
  }

  /** Prints a message (a file that could not be read) without garbling the progress display. */
  abstract void message(String line);

  @Override
  public void start(int files, long bytes) {
    this.files = files;
    this.totalBytes = bytes;
    this.started = System.nanoTime();
  }

  @Override
  public void bytes(long n) {
    bytes.addAndGet(n);
  }

  @Override
  public void records(long n) {
    records.addAndGet(n);
  }

  @Override
  public void detections(int n) {
    detections.addAndGet(n);
  }

  @Override
  public void fileDone(String file) {
    filesDone.incrementAndGet();
  }

  String figures() {
    double secs = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    long rec = records.get();
    return String.format(Locale.ROOT,
        "%d/%d files, %d records (%.0f/s), %d detections",
        filesDone.get(),
        files,
        rec,
        rec / secs,
        detections.get());
  }

  /** Short figures for beside the bar, which leaves little room. */
  String compactFigures() {
    double secs = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    long rec = records.get();
    return String.format(
        Locale.ROOT, "%d/%d files %d rec %.0f/s %d det", filesDone.get(), files, rec, rec / secs, detections.get());
  }

  String eta() {
    long done = bytes.get();
    long total = totalBytes;
    if (done <= 0 || total <= 0 || done >= total) {
      return "";
    }
    double secs = (System.nanoTime() - started) / 1e9;
    long left = (long) (secs * (total - done) / done);
    return String.format(Locale.ROOT, ", %d%%, ETA %d:%02d", done * 100 / total, left / 60, left % 60);
  }

  /** Nothing but the messages. */
  static final class Silent extends ConsoleProgress {
    private final PrintWriter err;

    Silent(PrintWriter err) {
      this.err = err;
    }

    @Override
    void message(String line) {
      err.println(line);
      err.flush();
    }

    @Override
    public void finish() {}
  }

  /** A line every {@value #PERIOD_S} seconds, and one at the end. */
  static final class Lines extends ConsoleProgress {
    static final int PERIOD_S = 5;
    private final PrintWriter err;
    private ScheduledExecutorService timer;

    Lines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void start(int files, long bytes) {
      super.start(files, bytes);
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread th = new Thread(r, "patou-progress");
                th.setDaemon(true);
                return th;
              });
      t.scheduleAtFixedRate(
          () -> print("patou: " + figures() + eta()), PERIOD_S, PERIOD_S, TimeUnit.SECONDS);
      timer = t;
    }

    private synchronized void print(String line) {
      err.println(line);
      err.flush();
    }

    @Override
    void message(String line) {
      print(line);
    }

    @Override
    public void finish() {
      if (timer != null) {
        timer.shutdownNow();
      }
      print("patou: done: " + figures());
    }
  }

  /** me.tongfei progressbar over the bytes to read. */
  static final class Bar extends ConsoleProgress {
    private final PrintWriter err;
    private ProgressBar bar;
    private ScheduledExecutorService timer;

    Bar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void start(int files, long total) {
      super.start(files, total);
      bar =
          new ProgressBarBuilder()
              .setTaskName("hunt")
              .setInitialMax(Math.max(1, total))
              .setUnit("MiB", 1 << 20)
              .setStyle(ProgressBarStyle.ASCII)
              .setMaxRenderedLength(120)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(500)
              .showSpeed()
              .build();
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread th = new Thread(r, "patou-progress");
                th.setDaemon(true);
                return th;
              });
      t.scheduleAtFixedRate(() -> bar.setExtraMessage(compactFigures()), 0, 500, TimeUnit.MILLISECONDS);
      timer = t;
    }

    @Override
    public void bytes(long n) {
      super.bytes(n);
      if (bar != null) {
        bar.stepBy(n);
      }
    }

    @Override
    synchronized void message(String line) {
      err.println();
      err.println(line);
      err.flush();
    }

    @Override
    public void finish() {
      if (timer != null) {
        timer.shutdownNow();
      }
      if (bar != null) {
        bar.setExtraMessage(compactFigures());
        bar.stepTo(bar.getMax());
        bar.close();
        err.println("patou: done: " + figures());
        err.flush();
      }
    }
  }
}
