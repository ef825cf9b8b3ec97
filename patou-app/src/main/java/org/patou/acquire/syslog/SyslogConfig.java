package org.patou.acquire.syslog;

import java.net.InetSocketAddress;

/**
 * Settings of a syslog listener, validated without I/O.
 *
 * @param address where to listen ({@code null}: this listener is off)
 * @param maxMessage the largest message in bytes; larger ones are counted rejected (TCP) or cut by
 *     the datagram size (UDP)
 * @param rate events per second (0: no limit); over it, TCP readers wait and UDP drops (counted)
 * @param maxConnections TCP only: connections beyond are closed at once
 * @param idleTimeoutMs TCP only: a connection silent this long is closed
 * @param tls TCP only: TLS (RFC 5425) with this key store, or null for plain TCP
 */
public record SyslogConfig(InetSocketAddress address, int maxMessage, double rate, int maxConnections,
    int idleTimeoutMs, Tls tls) {
  /**
   * TLS settings: a PKCS#12 key store holding the server's key and certificate chain.
   *
   * @param keyStore the .p12 file
   * @param password its password
   */
  public record Tls(java.nio.file.Path keyStore, char[] password) {}

  /** Plain (no TLS). */
  public SyslogConfig(InetSocketAddress address, int maxMessage, double rate, int maxConnections, int idleTimeoutMs) {
    this(address, maxMessage, rate, maxConnections, idleTimeoutMs, null);
  }

  public SyslogConfig withTls(Tls t) {
    return new SyslogConfig(address, maxMessage, rate, maxConnections, idleTimeoutMs, t);
  }

  public SyslogConfig {
    if (maxMessage < 480 || maxMessage > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("syslog max message: 480 .. 16 MiB, not " + maxMessage);
    }
    if (rate < 0 || maxConnections < 1 || idleTimeoutMs < 0) {
      throw new IllegalArgumentException("syslog: rate >= 0, max connections >= 1, idle timeout >= 0");
    }
  }

  public static SyslogConfig defaults(InetSocketAddress address) {
    return new SyslogConfig(address, 64 * 1024, 0, 1024, 300_000);
  }
}
