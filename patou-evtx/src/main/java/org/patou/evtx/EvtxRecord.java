package org.patou.evtx;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.patou.event.Event;
import org.patou.event.EventBuilder;

/**
 * One decoded event record. Immutable once delivered; its renderings are computed on demand, so a
 * record may be handed to another thread.
 */
public final class EvtxRecord {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(4096));

  private final long recordId;
  private final long writtenTicks;
  private final long fileOffset;
  private final XElement root;

  EvtxRecord(long recordId, long writtenTicks, long fileOffset, XElement root) {
    this.recordId = recordId;
    this.writtenTicks = writtenTicks;
    this.fileOffset = fileOffset;
    this.root = root;
  }

  /** The event record identifier from the record header. */
  public long recordId() {
    return recordId;
  }

  /** When the record was written (record header FILETIME), in milliseconds since 1970. */
  public long timestampMillis() {
    return Times.filetimeToMillis(writtenTicks);
  }

  /** When the record was written, to the 100 ns tick. */
  public Instant timestamp() {
    long t = writtenTicks - Times.EPOCH_DIFF_TICKS;
    return Instant.ofEpochSecond(Math.floorDiv(t, 10_000_000L), Math.floorMod(t, 10_000_000L) * 100);
  }

  /** Byte offset of the record in its file. */
  public long fileOffset() {
    return fileOffset;
  }

  /**
   * The record as a flat {@link Event}, with the names and value types {@link
   * org.patou.event.JsonEventReader} gives the JSON of {@link #writeJson}: {@code
   * Event.System.EventID} (Long), {@code Event.EventData.Image} (String), and so on.
   */
  public Event event() {
    return event(new EventBuilder());
  }

  /** As {@link #event()}, reusing a builder (one per thread). */
  public Event event(EventBuilder builder) {
    new JsonShape().write(root, new FlatSink(builder));
    return builder.build();
  }

  /** Writes the record as one JSON object in the shape of the Sigma regression files. */
  public void writeJson(JsonGenerator generator) {
    new JsonShape().write(root, new GeneratorSink(generator));
  }

  /** The record as compact JSON in UTF-8, without a line end: the fast path for dumps. */
  public byte[] toJsonBytes() {
    ByteArrayOutputStream buf = BUFFER.get();
    buf.reset();
    try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
      writeJson(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] out = buf.toByteArray();
    if (buf.size() > 1 << 20) {
      BUFFER.remove(); // do not keep a huge record's buffer
    }
    return out;
  }

  /** The record as compact JSON text. */
  public String toJson() {
    StringWriter w = new StringWriter(1024);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      writeJson(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** The record as XML text, laid out like {@code evtx_dump -o xml}. */
  public String toXml() {
    return new XmlRenderer().render(root);
  }

  /** {@code System/Channel}, or null. */
  public String channel() {
    return systemText("Channel");
  }

  /** {@code System/Provider/@Name}, or null. */
  public String provider() {
    XElement system = root.child("System");
    XElement p = system == null ? null : system.child("Provider");
    java.util.List<Object> name = p == null ? null : p.attr("Name");
    return name == null ? null : new JsonShape().text(name);
  }

  /** {@code System/EventID}, or -1 when absent or not a number. */
  public int eventId() {
    String s = systemText("EventID");
    if (s == null) {
      return -1;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String systemText(String name) {
    XElement system = root.child("System");
    XElement e = system == null ? null : system.child(name);
    if (e == null) {
      return null;
    }
    java.util.ArrayList<Object> text = new java.util.ArrayList<>();
    for (Object o : e.children) {
      if (!(o instanceof XElement)) {
        text.add(o);
      }
    }
    return new JsonShape().text(text);
  }

  @Override
  public String toString() {
    return "EvtxRecord[" + recordId + "]";
  }
}
