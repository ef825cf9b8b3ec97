package org.patou.report;

import java.time.Instant;
import java.util.List;
import org.patou.event.Event;
import org.patou.sigma.rule.Level;

/** The few fields every output shows, found under their ECS or Windows names. */
public final class EventFields {
  private EventFields() {}

  private static final String[] HOST = {
    "host.name", "Event.System.Computer", "Computer", "host.hostname", "hostname", "ComputerName"
  };
  private static final String[] USER = {
    "user.name",
    "Event.EventData.TargetUserName",
    "Event.EventData.SubjectUserName",
    "Event.EventData.User",
    "TargetUserName",
    "SubjectUserName",
    "User",
    "winlog.event_data.TargetUserName",
    "winlog.event_data.SubjectUserName",
    "winlog.user.name"
  };

  /** The host the event is about, or null. */
  public static String host(Event e) {
    return first(e, HOST);
  }

  /** The user the event is about, or null. Skips Windows' "-" placeholder. */
  public static String user(Event e) {
    return first(e, USER);
  }

  private static String first(Event e, String[] names) {
    for (String n : names) {
      Object v = e.get(n);
      if (v != null) {
        String s = text(v);
        if (!s.isEmpty() && !s.equals("-") && !s.equals("null")) {
          return s;
        }
      }
    }
    return null;
  }

  /** A value as text: lists joined with ", ". */
  public static String text(Object v) {
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder();
      for (Object o : l) {
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(o);
      }
      return sb.toString();
    }
    return String.valueOf(v);
  }

  /** ISO-8601 UTC, or null for {@link Long#MIN_VALUE}. */
  public static String iso(long epochMs) {
    return epochMs == Long.MIN_VALUE ? null : Instant.ofEpochMilli(epochMs).toString();
  }

  public static String label(Level level) {
    return level == null ? "unset" : level.label();
  }
}
