package org.patou.event;

import java.util.function.BiConsumer;

/**
 * One event: a read-only set of fields with values, the one type every stage hands to the next.
 *
 * <p>Names are flat and dotted ({@code Event.System.EventID}, {@code source.ip}); nested objects are
 * flattened by whoever builds the event. A value is one of: {@link String}, {@link Long}, {@link
 * Double}, {@link java.math.BigInteger} (unsigned 64-bit and larger), {@link Boolean}, {@link
 * NullValue#NULL} (the field is present and null) or an unmodifiable {@link java.util.List} of those.
 * {@link #get} returns Java {@code null} only when the field is absent.
 *
 * <p>The Sigma engine never owns events: it reads them through this interface, so EVTX records, JSON
 * lines and Flink rows can all be matched without copying.
 */
public interface Event {

  /** The value of a field, or {@code null} when the event has no such field. */
  Object get(String field);

  /** Visits every field in the order it was added. */
  void forEach(BiConsumer<String, Object> action);

  /** Number of fields. */
  int size();

  /** True when the field is present, even with a null value. */
  default boolean has(String field) {
    return get(field) != null;
  }
}
