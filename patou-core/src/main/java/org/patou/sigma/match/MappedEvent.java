package org.patou.sigma.match;

import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.patou.event.Event;

/**
 * An event seen under a rule's field names: {@code get("TargetUserName")} reads the field the
 * pipeline maps it to for the kind of event the rule matched (e.g. {@code
 * Event.EventData.TargetUserName}), else the name as given. Handed to the correlation engine so
 * that its group-by and value fields use the same names as the rules. A view: nothing is copied.
 */
final class MappedEvent implements Event {
  private final Event event;
  private final UnaryOperator<String> map;

  MappedEvent(Event event, UnaryOperator<String> map) {
    this.event = event;
    this.map = map;
  }

  /** The underlying event. */
  Event event() {
    return event;
  }

  @Override
  public Object get(String field) {
    Object v = event.get(map.apply(field));
    return v != null ? v : event.get(field);
  }

  @Override
  public void forEach(BiConsumer<String, Object> action) {
    event.forEach(action);
  }

  @Override
  public int size() {
    return event.size();
  }

  @Override
  public String toString() {
    return event.toString();
  }
}
