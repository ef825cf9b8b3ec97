package org.patou.hunt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.evtx.EvtxFile;
import org.patou.evtx.EvtxOptions;
import org.patou.evtx.EvtxReadStats;
import org.patou.evtx.EvtxRecord;

/**
 * The seam to patou-evtx: the only class of the app that calls {@code org.patou.evtx}.
 *
 * <p>Files are decoded on the calling thread ({@link EvtxOptions#singleThreaded()}): the hunt
 * already reads files in parallel. Corrupt chunks or records are skipped by the reader; this class
 * turns what was skipped into an error message for the file, so the hunt names it.
 */
public final class EvtxSupport {
  private EvtxSupport() {}

  /** Chunks sampled to find a file's channels. */
  private static final int PROBE_CHUNKS = 4;

  /** True when this build can read EVTX files. */
  public static boolean available() {
    return true;
  }

  /** Why EVTX cannot be read by this build (never, now that the reader is wired). */
  public static String unavailableMessage() {
    return "the EVTX reader (org.patou.evtx in patou-evtx) is not in this build";
  }

  static EngineUnavailableException unavailable() {
    return new EngineUnavailableException(unavailableMessage());
  }

  /** The channels of the file's records (from a few sampled chunks); empty when unknown. */
  public static Set<String> probeChannels(Path file) {
    try (EvtxFile f = EvtxFile.open(file)) {
      return f.channels(PROBE_CHUNKS);
    }
  }

  /**
   * Hands every record of the file, in order, to {@code sink} as an event.
   *
   * @return null when the file was read whole, else what was skipped as corrupt, in words
   * @throws org.patou.event.EventParseException when the file cannot be opened or is not EVTX
   */
  public static String read(Path file, Consumer<Event> sink) {
    AtomicLong warnings = new AtomicLong();
    String[] first = {null};
    EventBuilder builder = new EventBuilder();
    EvtxReadStats stats;
    try (EvtxFile f = EvtxFile.open(file)) {
      stats =
          f.records(
              EvtxOptions.singleThreaded()
                  .withWarnings(
                      w -> {
                        // Checksum mismatches are warnings only: the data is still read.
                        if (!w.message().contains("checksum") && warnings.getAndIncrement() == 0) {
                          first[0] = w.message() + " at offset " + w.offset();
                        }
                      }),
              rec -> sink.accept(rec.event(builder)));
    }
    if (stats.skippedChunks() > 0 || stats.skippedRecords() > 0 || warnings.get() > 0) {
      return "corrupt: "
          + stats.skippedChunks()
          + " chunks and "
          + stats.skippedRecords()
          + " records skipped ("
          + (first[0] == null ? "no detail" : "first: " + first[0])
          + "); "
          + stats.records()
          + " records read";
    }
    return null;
  }

  private static final java.util.regex.Pattern BETWEEN_TAGS = java.util.regex.Pattern.compile(">\\s*\\R\\s*<");

  /**
   * XML on one line: line breaks between tags (and their indentation) go; those inside values
   * become character references, so the values stay exactly as they were.
   */
  static String oneLine(String xml) {
    String s = BETWEEN_TAGS.matcher(xml).replaceAll("><");
    return s.replace("\r", "&#13;").replace("\n", "&#10;");
  }

  /** Writes every record as one line of JSON ({@code xml == false}) or XML to {@code out}. */
  public static String dump(Path file, boolean xml, Appendable out) throws IOException {
    return dump(file, rec -> out.append(xml ? oneLine(rec.toXml()) : rec.toJson()).append('\n'));
  }

  /** Where {@link #dump(Path, RecordOut)} puts each record. */
  @FunctionalInterface
  public interface RecordOut {
    void write(EvtxRecord rec) throws IOException;
  }

  /**
   * Records as lines of UTF-8 straight to a byte stream: JSON through one generator for the whole
   * dump, with no String per record and no character encoding after it (the same bytes as {@link
   * #dump(Path, boolean, Appendable)} writes as text). Flush it before anything else writes to the
   * stream.
   */
  public static final class LineBytes implements RecordOut, java.io.Flushable {
    private final java.io.OutputStream out;
    /** The JSON generator; null for XML lines. */
    private final com.fasterxml.jackson.core.JsonGenerator json;

    public LineBytes(java.io.OutputStream out, boolean xml) throws IOException {
      this.out = out;
      this.json = xml ? null : JSON.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8);
      if (json != null) {
        json.setRootValueSeparator(null); // each record ends its own line below
        json.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      }
    }

    @Override
    public void write(EvtxRecord rec) throws IOException {
      if (json != null) {
        rec.writeJson(json);
        json.writeRaw('\n');
      } else {
        out.write((oneLine(rec.toXml()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }

    @Override
    public void flush() throws IOException {
      if (json != null) {
        json.flush(); // into out only (FLUSH_PASSED_TO_STREAM is off)
      }
      out.flush();
    }
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

  /** The output of a dump failed (a closed pipe, a full disk): stop reading, it would go nowhere. */
  public static final class OutputFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * Writes every record to {@code out}; returns what was wrong with the file, or null. An output
   * error stops the file at once as {@link OutputFailed}.
   */
  public static String dump(Path file, RecordOut out) throws IOException {
    AtomicLong warnings = new AtomicLong();
    EvtxReadStats stats;
    try (EvtxFile f = EvtxFile.open(file)) {
      stats =
          f.records(
              EvtxOptions.singleThreaded()
                  .withWarnings(
                      w -> {
                        if (!w.message().contains("checksum")) {
                          warnings.incrementAndGet();
                        }
                      }),
              rec -> {
                try {
                  out.write(rec);
                } catch (IOException e) {
                  throw new OutputFailed(e);
                }
              });
    }
    if (stats.skippedChunks() > 0 || stats.skippedRecords() > 0 || warnings.get() > 0) {
      return "corrupt: " + stats.skippedChunks() + " chunks and " + stats.skippedRecords() + " records skipped";
    }
    return null;
  }
}
