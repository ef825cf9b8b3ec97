package org.patou.runtime;

import java.util.function.BiConsumer;
import org.patou.event.Event;

/** An event with its store id, so that a detection can name the events it matched. */
record IdEvent(String id, Event event) implements Event {
  @Override
  public Object get(String field) {
    return event.get(field);
  }

  @Override
  public void forEach(BiConsumer<String, Object> action) {
    event.forEach(action);
  }

  @Override
  public int size() {
    return event.size();
  }
}
