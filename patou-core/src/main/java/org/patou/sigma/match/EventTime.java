package org.patou.sigma.match;

import java.util.List;
import org.patou.event.Event;
import org.patou.sigma.compile.TimeValues;

/** Where an event's time is: the first of these fields that holds a readable time. */
final class EventTime {
  static final List<String> FIELDS =
      List.of(
          "@timestamp",
          "Event.System.TimeCreated.#attributes.SystemTime",
          "winlog.time_created",
          "event.created",
          "timestamp",
          "ts",
          "Event.EventData.UtcTime",
          "UtcTime");

  private EventTime() {}

  static long of(Event e) {
    for (String f : FIELDS) {
      Object v = e.get(f);
      if (v != null) {
        long t = TimeValues.epochMillis(v);
        if (t != Long.MIN_VALUE) {
          return t;
        }
      }
    }
    return Long.MIN_VALUE;
  }
}
