package org.patou.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads events from JSON with Jackson's streaming parser, without building a tree: nested objects
 * become dotted names ({@code {"Event":{"System":{"EventID":1}}}} gives {@code Event.System.EventID}),
 * arrays of scalars become lists, and an array of objects becomes one list per leaf name (as
 * Elasticsearch flattens them). Accepts one object, objects back to back (JSON lines, or
 * pretty-printed records one after another) and a top-level array of objects.
 *
 * <p>Flat ECS documents that already use dotted names ({@code "source.ip"}) and nested ones give the
 * same names, so Winlogbeat output and EVTX-as-JSON read alike.
 */
public final class JsonEventReader {
  private static final int MAX_DEPTH = 64;

  private final JsonFactory factory;

  public JsonEventReader() {
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH * 2)
                    .maxStringLength(64 * 1024 * 1024)
                    .build())
            .build();
  }

  public JsonFactory factory() {
    return factory;
  }

  /** Parses a single JSON object. */
  public Event parse(String json) {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw error(p, "expected a JSON object", null);
      }
      return readObject(p, new EventBuilder());
    } catch (JsonProcessingException e) {
      throw error(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads every object of a stream (back to back, JSON lines, or one top-level array) and hands each
   * to {@code sink}. Stops at the first malformed value with an {@link EventParseException} naming
   * the line and column; events before it have already been handed over.
   */
  public void readAll(InputStream in, Consumer<Event> sink) throws IOException {
    try (JsonParser p = factory.createParser(in)) {
      EventBuilder builder = new EventBuilder();
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY) {
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
              throw error(p, "expected a JSON object in the array, found " + t, null);
            }
            sink.accept(readObject(p, builder));
          }
        } else if (t == JsonToken.START_OBJECT) {
          sink.accept(readObject(p, builder));
        } else {
          throw error(p, "expected a JSON object, found " + t, null);
        }
      }
    } catch (JsonProcessingException e) {
      throw error(e);
    }
  }

  /** Reads the object whose START_OBJECT is the parser's current token. */
  public Event readObject(JsonParser p, EventBuilder builder) throws IOException {
    readFields(p, "", builder, 0);
    return builder.build();
  }

  private void readFields(JsonParser p, String prefix, EventBuilder b, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw error(p, "objects nested deeper than " + MAX_DEPTH, null);
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = prefix.isEmpty() ? p.currentName() : prefix + '.' + p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_OBJECT) {
        readFields(p, name, b, depth + 1);
      } else if (v == JsonToken.START_ARRAY) {
        readArray(p, name, b, depth + 1);
      } else {
        b.add(name, scalar(p, v));
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw error(p, "unexpected " + t, null);
    }
  }

  private void readArray(JsonParser p, String name, EventBuilder b, int depth) throws IOException {
    List<Object> scalars = new ArrayList<>();
    EventBuilder nested = null;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_OBJECT) {
        if (nested == null) {
          nested = new EventBuilder();
        }
        readFields(p, "", nested, depth + 1);
        mergeObject(nested.build(), name, b);
      } else if (t == JsonToken.START_ARRAY) {
        // Arrays of arrays are flattened into the one list.
        List<Object> inner = new ArrayList<>();
        collectScalars(p, inner, depth + 1);
        scalars.addAll(inner);
      } else if (t == null) {
        throw error(p, "unexpected end of input in an array", null);
      } else {
        scalars.add(scalar(p, t));
      }
    }
    if (!scalars.isEmpty() || nested == null) {
      b.add(name, Collections.unmodifiableList(scalars));
    }
  }

  private void collectScalars(JsonParser p, List<Object> out, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw error(p, "arrays nested deeper than " + MAX_DEPTH, null);
    }
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.START_ARRAY) {
        collectScalars(p, out, depth + 1);
      } else if (t == JsonToken.START_OBJECT) {
        p.skipChildren();
      } else if (t == null) {
        throw error(p, "unexpected end of input in an array", null);
      } else {
        out.add(scalar(p, t));
      }
    }
  }

  /** Adds each leaf of one array element under {@code name.leaf}, as lists across elements. */
  private static void mergeObject(Event element, String name, EventBuilder b) {
    // Elements are merged through a scratch map kept in the builder's own order; rare path.
    element.forEach(
        (k, v) -> {
          String full = name + '.' + k;
          List<Object> list = new ArrayList<>();
          b.appendToList(full, v, list);
        });
  }

  private static Object scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
          case LONG:
            return p.getLongValue();
          default:
            return p.getBigIntegerValue();
        }
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return NullValue.NULL;
      default:
        throw error(p, "unexpected " + t, null);
    }
  }

  private static EventParseException error(JsonParser p, String message, Throwable cause) {
    JsonLocation at = p.currentLocation();
    return new EventParseException(
        message + " at line " + at.getLineNr() + ", column " + at.getColumnNr(),
        at.getLineNr(),
        at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset(),
        cause);
  }

  private static EventParseException error(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    long line = at == null ? -1 : at.getLineNr();
    long offset = at == null ? -1 : Math.max(at.getCharOffset(), at.getByteOffset());
    return new EventParseException(
        "invalid JSON: " + e.getOriginalMessage() + (at == null ? "" : " at line " + line + ", column " + at.getColumnNr()),
        line,
        offset,
        e);
  }
}
