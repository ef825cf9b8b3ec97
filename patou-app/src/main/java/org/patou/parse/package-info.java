/**
 * The parse stage for plain inputs: telling formats apart by content ({@link
 * org.patou.parse.InputFormat}), reading bounded lines ({@link org.patou.parse.LineReader}) and
 * turning syslog/auth lines into ECS {@link org.patou.event.Event}s ({@link
 * org.patou.parse.SyslogParser}).
 *
 * <p>Enters: bytes and lines handed in by the caller (the hunt). Leaves: events. Owns no threads;
 * parsers are not thread-safe, one per thread.
 */
package org.patou.parse;
