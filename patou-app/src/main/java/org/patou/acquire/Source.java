package org.patou.acquire;

import java.io.Closeable;
import java.io.IOException;

/**
 * A live source: started once with the sink, closed once at shutdown. It owns its threads (named
 * {@code patou-<source>-N}) and its sockets or files; it never closes the sink. On overload it
 * blocks its sender, answers "busy" or, for UDP only, drops and counts. Retrying is the sender's
 * business.
 */
public interface Source extends Closeable {
  /** The name used in metrics and in the WAL ({@code syslog-tcp}, {@code syslog-udp}...). */
  String name();

  void start(IngestSink sink) throws IOException;

  /** The bound address, for logs and tests (port 0 is resolved). */
  java.net.InetSocketAddress address();
}
