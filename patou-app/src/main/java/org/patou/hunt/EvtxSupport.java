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
    AtomicLong warnings = new AtomicLong();
    IOException[] failed = {null};
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
                if (failed[0] != null) {
                  return;
                }
                try {
                  out.append(xml ? oneLine(rec.toXml()) : rec.toJson()).append('\n');
                } catch (IOException e) {
                  failed[0] = e;
                }
              });
    }
    if (failed[0] != null) {
      throw failed[0];
    }
    if (stats.skippedChunks() > 0 || stats.skippedRecords() > 0 || warnings.get() > 0) {
      return "corrupt: " + stats.skippedChunks() + " chunks and " + stats.skippedRecords() + " records skipped";
    }
    return null;
  }
}
