package org.patou.cli.prevent;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Function;
import org.patou.event.Event;
import org.patou.parse.SyslogParser;
import org.patou.parse.web.AccessLogParser;
import org.patou.parse.web.ErrorLogParser;

/** The log formats {@code patou simulate --type} understands, and a parser for each. */
public enum LogType {
  /** sshd lines in syslog files (auth.log, secure). */
  SSHD,
  /** Any RFC 3164/5424 syslog file (sshd, sudo, su...). */
  SYSLOG,
  /** nginx access and error logs (also with a syslog header). */
  NGINX,
  /** Apache access logs (common, combined, vhost_combined). */
  APACHE,
  /** Tries access log, nginx error log, then syslog, line by line. */
  AUTO;

  /**
   * A new parser (not thread-safe): a line to an event, or null for a line it does not understand.
   *
   * @param zone zone of times that carry none
   * @param reference "now" for the year of syslog times, which carry none
   */
  public Function<String, Event> parser(ZoneId zone, ZonedDateTime reference) {
    if (this == SSHD || this == SYSLOG) {
      SyslogParser p = new SyslogParser(zone, reference);
      return line -> {
        Event e = p.parse(line);
        return e.has("@timestamp") ? e : null;
      };
    }
    AccessLogParser access = new AccessLogParser();
    ErrorLogParser error = new ErrorLogParser(zone);
    if (this == NGINX || this == APACHE) {
      return line -> {
        Event e = access.parse(line);
        return e != null ? e : error.parse(line);
      };
    }
    SyslogParser syslog = new SyslogParser(zone, reference);
    return line -> {
      Event e = access.parse(line);
      if (e == null) {
        e = error.parse(line);
      }
      if (e == null) {
        e = syslog.parse(line);
        if (!e.has("@timestamp")) {
          e = null;
        }
      }
      return e;
    };
  }
}
