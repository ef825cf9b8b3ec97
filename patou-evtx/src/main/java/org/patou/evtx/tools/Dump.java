package org.patou.evtx.tools;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.patou.evtx.EvtxException;
import org.patou.evtx.EvtxFile;
import org.patou.evtx.EvtxOptions;
import org.patou.evtx.EvtxRecord;

/**
 * Prints EVTX files as JSON lines (the regression shape) or XML, for benchmarks and comparisons
 * until {@code patou evtx dump} exists:
 *
 * <pre>
 * java -cp patou-evtx.jar:patou-core.jar:jackson-core.jar org.patou.evtx.tools.Dump \
 *     [--format jsonl|xml] [--threads N] [--stats] [--repeat N] [--warmup N] [--mark] FILE...
 * </pre>
 *
 * {@code --threads 1} decodes on the main thread (0, the default, picks min(4, cores)); {@code
 * --repeat} reads the files N times, after {@code --warmup} untimed passes whose output is dropped;
 * {@code --stats} prints records/s of the timed passes to stderr (wall clock, and the main thread's
 * CPU time with one thread); {@code --mark} prints {@code #FILE path} before each file. Warnings and
 * per-file errors go to stderr; the exit status is 1 when a file could not be read.
 */
public final class Dump {
  private Dump() {}

  public static void main(String[] args) throws IOException {
    String format = "jsonl";
    int threads = 0;
    boolean stats = false;
    boolean mark = false;
    int repeat = 1;
    int warmup = 0;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--format":
          format = args[++i];
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--stats":
          stats = true;
          break;
        case "--repeat":
          repeat = Integer.parseInt(args[++i]);
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--mark":
          mark = true;
          break;
        default:
          files.add(Paths.get(args[i]));
      }
    }
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    boolean xml = format.equals("xml");
    EvtxOptions options = EvtxOptions.defaults().withThreads(threads).withWarnings(w -> err.println("warning: " + w));
    int[] status = {0};
    for (int round = 0; round < warmup; round++) {
      pass(files, options, xml, false, OutputStream.nullOutputStream(), err, status);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long total = 0;
    for (int round = 0; round < repeat; round++) {
      total += pass(files, options, xml, mark, out, err, status);
    }
    out.flush();
    if (stats) {
      double secs = (System.nanoTime() - start) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
      err.printf(Locale.ROOT, "%d records in %.3f s: %.0f records/s", total, secs, total / secs);
      if (threads == 1) {
        err.printf(Locale.ROOT, "; main thread CPU %.3f s: %.0f records/s", cpu, total / cpu);
      }
      err.println();
    }
    System.exit(status[0]);
  }

  private static long pass(
      List<Path> files, EvtxOptions options, boolean xml, boolean mark, OutputStream out, PrintStream err, int[] status)
      throws IOException {
    long total = 0;
    for (Path file : files) {
      if (mark) {
        out.write(("#FILE " + file + "\n").getBytes(StandardCharsets.UTF_8));
      }
      long[] n = {0};
      try (EvtxFile f = EvtxFile.open(file)) {
        f.records(
            options,
            (EvtxRecord r) -> render(r, xml),
            (byte[] b) -> {
              n[0]++;
              try {
                out.write(b);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      } catch (EvtxException e) {
        err.println("error: " + e.getMessage());
        status[0] = 1;
      }
      total += n[0];
    }
    return total;
  }

  private static byte[] render(EvtxRecord r, boolean xml) {
    if (xml) {
      return ("Record " + r.recordId() + "\n" + r.toXml() + "\n").getBytes(StandardCharsets.UTF_8);
    }
    byte[] json = r.toJsonBytes();
    byte[] line = Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }
}
