package org.patou.evtx;

/**
 * Receives the JSON shape of a record as events, so one walker ({@link JsonShape}) feeds both the
 * JSON text writer and the {@link org.patou.event.Event} flattener. A field name comes before each
 * value inside an object.
 */
interface JsonSink {
  void startObject();

  void endObject();

  void field(String name);

  void startArray();

  void endArray();

  void string(String value);

  /** An integer; {@code unsigned} when the bits are a 64-bit unsigned value. */
  void number(long value, boolean unsigned);

  void bool(boolean value);

  void nul();
}
