/**
 * Syslog listeners: UDP ({@link org.patou.acquire.syslog.SyslogUdpSource}) and TCP ({@link
 * org.patou.acquire.syslog.SyslogTcpSource}, RFC 6587 octet counting and LF framing via {@link
 * org.patou.acquire.syslog.SyslogFramer}). RFC 3164/5424 headers are parsed later, by {@code
 * org.patou.parse.SyslogParser}, on the pipeline's thread.
 *
 * <p>Enters: datagrams and TCP streams. Leaves: one WAL entry per message. Threads: {@code
 * patou-syslog-udp}, {@code patou-syslog-tcp-accept}, one thread per TCP connection
 * ({@code patou-syslog-tcp-N}). Syslog over TLS is not built yet.
 */
package org.patou.acquire.syslog;
