package org.patou.parse;

import org.patou.event.Event;

/**
 * A parser for one kind of text line, plugged into {@link RecordParser}. <b>The hook for the web
 * access-log parser</b> ({@code org.patou.parse.web}, nginx/apache): implement this and pass it to
 * {@link RecordParser#RecordParser(java.time.ZoneId, java.util.List)} (in the server: {@code new
 * PatouServer(options, List.of(new AccessLogParser()::parse))}); it is tried before the syslog
 * parser (so an access-log line behind a syslog header goes to it), and a line no parser takes is
 * kept raw. It must return null quickly for lines that are not its kind.
 *
 * <p>Not thread-safe unless the implementation says so: the pipeline uses one per thread.
 */
public interface LineParser {
  /** The event for this line, or null when the line is not of this parser's kind. Never throws. */
  Event parse(String line);
}
