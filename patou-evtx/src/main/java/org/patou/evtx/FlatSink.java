package org.patou.evtx;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.event.EventBuilder;
import org.patou.event.NullValue;

/**
 * Flattens the JSON shape into an {@link EventBuilder} exactly as {@link
 * org.patou.event.JsonEventReader} flattens the same JSON text: dotted names, arrays of scalars as
 * lists, an array of objects as one list per leaf name, a repeated name keeping its last value.
 */
final class FlatSink implements JsonSink {
  private static final class Frame {
    final boolean array;
    final String prefix; // object: dotted prefix of its fields; array: the array's name
    final List<Object[]> pairs; // null: fields go to the builder
    ArrayList<Object> scalars;
    LinkedHashMap<String, List<Object>> leaves;

    Frame(boolean array, String prefix, List<Object[]> pairs) {
      this.array = array;
      this.prefix = prefix;
      this.pairs = pairs;
    }
  }

  private final EventBuilder builder;
  private final ArrayList<Frame> stack = new ArrayList<>(8);
  private String pending;

  FlatSink(EventBuilder builder) {
    this.builder = builder;
  }

  private Frame top() {
    return stack.isEmpty() ? null : stack.get(stack.size() - 1);
  }

  private String fullName(Frame f) {
    return f.prefix.isEmpty() ? pending : f.prefix + '.' + pending;
  }

  private void emit(Frame target, String name, Object value) {
    if (target == null || target.pairs == null) {
      builder.add(name, value);
    } else {
      target.pairs.add(new Object[] {name, value});
    }
  }

  private void scalar(Object v) {
    Frame f = top();
    if (f == null) {
      return;
    }
    if (f.array) {
      f.scalars.add(v);
    } else {
      emit(f, fullName(f), v);
    }
  }

  @Override
  public void startObject() {
    Frame f = top();
    if (f == null) {
      stack.add(new Frame(false, "", null));
    } else if (f.array) {
      stack.add(new Frame(false, "", new ArrayList<>()));
    } else {
      stack.add(new Frame(false, fullName(f), f.pairs));
    }
  }

  @Override
  public void endObject() {
    Frame done = stack.remove(stack.size() - 1);
    Frame parent = top();
    if (parent != null && parent.array && done.pairs != null) {
      if (parent.leaves == null) {
        parent.leaves = new LinkedHashMap<>();
      }
      for (Object[] kv : done.pairs) {
        parent.leaves.computeIfAbsent((String) kv[0], k -> new ArrayList<>()).add(kv[1]);
      }
    }
  }

  @Override
  public void field(String name) {
    pending = name;
  }

  @Override
  public void startArray() {
    Frame f = top();
    Frame a = new Frame(true, f == null ? "" : f.array ? f.prefix : fullName(f), f == null ? null : f.pairs);
    a.scalars = f != null && f.array ? f.scalars : new ArrayList<>();
    stack.add(a);
  }

  @Override
  public void endArray() {
    Frame a = stack.remove(stack.size() - 1);
    Frame parent = top();
    if (parent != null && parent.array) {
      return; // nested array: its scalars went to the enclosing list
    }
    if (!a.scalars.isEmpty() || a.leaves == null) {
      emit(parent, a.prefix, Collections.unmodifiableList(a.scalars));
    }
    if (a.leaves != null) {
      for (Map.Entry<String, List<Object>> e : a.leaves.entrySet()) {
        emit(parent, a.prefix + '.' + e.getKey(), e.getValue());
      }
    }
  }

  @Override
  public void string(String value) {
    scalar(value);
  }

  @Override
  public void number(long value, boolean unsigned) {
    scalar(unsigned && value < 0 ? new BigInteger(Long.toUnsignedString(value)) : (Object) value);
  }

  @Override
  public void bool(boolean value) {
    scalar(value);
  }

  @Override
  public void nul() {
    scalar(NullValue.NULL);
  }
}
