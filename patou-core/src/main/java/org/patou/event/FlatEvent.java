package org.patou.event;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The ordinary {@link Event}: parallel arrays of names and values plus a small open-addressing index
 * on the names' cached hash codes. Building costs two array copies and one table fill; a lookup is
 * one hash probe that usually ends on an identity comparison, because names are interned by
 * {@link FieldNames}. Immutable once built, so safe to share between threads.
 */
public final class FlatEvent implements Event {
  private final String[] names;
  private final Object[] values;
  private final int size; // positions used, repeated names included
  private final int visible; // distinct names
  private final short[] index; // slot -> field position + 1, 0 = empty
  private final int mask;

  FlatEvent(String[] names, Object[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
    int capacity = Integer.highestOneBit(Math.max(4, size * 2 - 1)) << 1;
    this.index = new short[capacity];
    this.mask = capacity - 1;
    int repeated = 0;
    for (int i = 0; i < size; i++) {
      int slot = spread(names[i].hashCode()) & mask;
      while (true) {
        int at = index[slot];
        if (at == 0) {
          index[slot] = (short) (i + 1);
          break;
        }
        if (names[at - 1].equals(names[i])) {
          values[at - 1] = values[i]; // last value of a repeated name wins, at the first position
          names[i] = null;
          repeated++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.visible = size - repeated;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  @Override
  public Object get(String field) {
    int slot = spread(field.hashCode()) & mask;
    while (true) {
      int at = index[slot];
      if (at == 0) {
        return null;
      }
      String name = names[at - 1];
      if (name == field || name.equals(field)) {
        return values[at - 1];
      }
      slot = (slot + 1) & mask;
    }
  }

  @Override
  public void forEach(BiConsumer<String, Object> action) {
    for (int i = 0; i < size; i++) {
      if (names[i] != null) {
        action.accept(names[i], values[i]);
      }
    }
  }

  @Override
  public int size() {
    return visible;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(v));
    return sb.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlatEvent other) || other.visible != visible) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (names[i] != null && !Objects.equals(other.get(names[i]), values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) {
      if (names[i] != null) {
        h += names[i].hashCode() ^ Objects.hashCode(values[i]);
      }
    }
    return h;
  }
}
