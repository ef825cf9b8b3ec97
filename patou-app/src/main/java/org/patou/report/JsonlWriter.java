package org.patou.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.patou.event.Event;
import org.patou.event.NullValue;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/**
 * One JSON object per line and per detection:
 *
 * <pre>{"@timestamp":"2025-12-11T06:17:19.772Z","rule":{"id":…,"title":…,"level":"high",
 * "file":…,"tags":[…]},"log.file.path":"logs/a.json","host.name":…,"user.name":…,
 * "event":{"Event.System.EventID":1,…}}</pre>
 *
 * <p>{@code event} holds the matched event's fields under their dotted names, values as read. A
 * correlation adds {@code events_count} and {@code group_by}. Absent values are omitted.
 */
public final class JsonlWriter implements DetectionWriter {
  private final JsonGenerator g;
  private final Writer out;

  public JsonlWriter(Writer out) throws IOException {
    this.out = out;
    this.g = new JsonFactory().createGenerator(out);
    g.setRootValueSeparator(null);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  @Override
  public void write(Finding f) throws IOException {
    Detection d = f.detection();
    RuleInfo r = d.rule();
    g.writeStartObject();
    String ts = EventFields.iso(d.timestamp());
    if (ts != null) {
      g.writeStringField("@timestamp", ts);
    }
    g.writeObjectFieldStart("rule");
    stringField("id", r.id());
    stringField("title", r.title());
    g.writeStringField("level", EventFields.label(r.level()));
    stringField("status", r.status());
    stringField("file", r.file());
    if (r.tags() != null && !r.tags().isEmpty()) {
      g.writeArrayFieldStart("tags");
      for (String t : r.tags()) {
        g.writeString(t);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeStringField("log.file.path", f.file());
    Event e = d.event();
    stringField("host.name", EventFields.host(e));
    stringField("user.name", EventFields.user(e));
    if (r.correlation()) {
      g.writeNumberField("events_count", d.events().size());
      g.writeObjectFieldStart("group_by");
      for (Map.Entry<String, Object> en : d.groupBy().entrySet()) {
        g.writeFieldName(en.getKey());
        value(g, en.getValue());
      }
      g.writeEndObject();
    }
    g.writeFieldName("event");
    event(g, e);
    g.writeEndObject();
    g.flush();
    out.write('\n');
  }

  private void stringField(String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Writes an event as one object of dotted names. */
  public static void event(JsonGenerator g, Event e) throws IOException {
    g.writeStartObject();
    IOException[] failed = {null};
    e.forEach(
        (k, v) -> {
          if (failed[0] == null) {
            try {
              g.writeFieldName(k);
              value(g, v);
            } catch (IOException x) {
              failed[0] = x;
            }
          }
        });
    if (failed[0] != null) {
      throw failed[0];
    }
    g.writeEndObject();
  }

  static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null || v == NullValue.NULL) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        g.writeString(d.toString());
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        value(g, o);
      }
      g.writeEndArray();
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  @Override
  public void end(Summary summary) throws IOException {
    g.flush();
    out.flush();
  }
}
