package org.patou.event;

import java.util.Arrays;

/**
 * Collects fields for one {@link FlatEvent}. Not thread-safe; reusable after {@link #build()} (a
 * parser keeps one per thread). Names are interned here, once per field.
 */
public final class EventBuilder {
  /** More fields than this in one event are refused: the index uses 16-bit positions. */
  public static final int MAX_FIELDS = Short.MAX_VALUE;

  private String[] names = new String[32];
  private Object[] values = new Object[32];
  private int size;

  /**
   * Adds a field. {@code value} is one of the types {@link Event} documents; Java {@code null} is
   * stored as {@link NullValue#NULL}. A repeated name keeps its last value.
   *
   * @throws IllegalStateException past {@link #MAX_FIELDS} fields
   */
  public EventBuilder add(String name, Object value) {
    if (size == names.length) {
      if (size >= MAX_FIELDS) {
        throw new IllegalStateException("event has more than " + MAX_FIELDS + " fields");
      }
      int grown = Math.min(MAX_FIELDS, size * 2);
      names = Arrays.copyOf(names, grown);
      values = Arrays.copyOf(values, grown);
    }
    names[size] = FieldNames.intern(name);
    values[size] = value == null ? NullValue.NULL : value;
    size++;
    return this;
  }

  /**
   * Appends {@code value} to the list held under {@code name}, creating it (from {@code fresh}) on
   * first use. Used to flatten arrays of objects; a linear scan, so kept off the common path.
   */
  @SuppressWarnings("unchecked")
  void appendToList(String name, Object value, java.util.List<Object> fresh) {
    for (int i = size - 1; i >= 0; i--) {
      if (names[i].equals(name) && values[i] instanceof java.util.ArrayList<?> list) {
        ((java.util.List<Object>) list).add(value);
        return;
      }
    }
    fresh.add(value);
    add(name, fresh);
  }

  public int size() {
    return size;
  }

  /** Builds the event and resets this builder. */
  public Event build() {
    FlatEvent event = new FlatEvent(Arrays.copyOf(names, size), Arrays.copyOf(values, size), size);
    Arrays.fill(values, 0, size, null);
    size = 0;
    return event;
  }
}
