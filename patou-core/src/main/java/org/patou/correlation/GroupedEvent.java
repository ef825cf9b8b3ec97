package org.patou.correlation;

import java.util.Map;
import java.util.function.BiConsumer;
import org.patou.event.Event;

/**
 * The event a correlation's detection hands to the correlations that reference it (chaining): the
 * completing event, with the detection's group-by values laid over it. The overlay matters when
 * the inner correlation groups by an alias, which no raw event carries as a field.
 */
final class GroupedEvent implements Event {
  private final Event base;
  private final Map<String, Object> overlay;

  GroupedEvent(Event base, Map<String, Object> overlay) {
    this.base = base;
    this.overlay = overlay;
  }

  @Override
  public Object get(String field) {
    Object v = overlay.get(field);
    return v != null ? v : base.get(field);
  }

  @Override
  public void forEach(BiConsumer<String, Object> action) {
    base.forEach((k, v) -> action.accept(k, overlay.containsKey(k) ? overlay.get(k) : v));
    overlay.forEach((k, v) -> {
      if (base.get(k) == null) {
        action.accept(k, v);
      }
    });
  }

  @Override
  public int size() {
    int extra = 0;
    for (String k : overlay.keySet()) {
      if (base.get(k) == null) {
        extra++;
      }
    }
    return base.size() + extra;
  }

  @Override
  public String toString() {
    return "GroupedEvent" + overlay + " over " + base;
  }
}
