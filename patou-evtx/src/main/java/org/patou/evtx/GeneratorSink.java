package org.patou.evtx;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes the JSON shape with Jackson's streaming generator. */
final class GeneratorSink implements JsonSink {
  private final JsonGenerator g;

  GeneratorSink(JsonGenerator g) {
    this.g = g;
  }

  @Override
  public void startObject() {
    try {
      g.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void endObject() {
    try {
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void field(String name) {
    try {
      g.writeFieldName(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void startArray() {
    try {
      g.writeStartArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void endArray() {
    try {
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void string(String value) {
    try {
      g.writeString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void number(long value, boolean unsigned) {
    try {
      if (unsigned && value < 0) {
        g.writeNumber(Long.toUnsignedString(value)); // written as a JSON number
      } else {
        g.writeNumber(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void bool(boolean value) {
    try {
      g.writeBoolean(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void nul() {
    try {
      g.writeNull();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
