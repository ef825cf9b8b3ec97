package org.patou.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.ZoneId;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;

/**
 * Everything {@code patou serve} needs, validated without I/O. A null listener address means off.
 *
 * @param dataDir the data directory (the server keeps its state in {@code DIR/server/})
 * @param http the web server's address
 * @param syslogUdp the UDP syslog listener, or null
 * @param syslogTcp the TCP syslog listener, or null
 * @param adminTokenFile see {@link Tokens#bootstrap}
 * @param rules the rule tree (null: no rules)
 * @param retentionDays day partitions received before today minus this many days are dropped
 * @param retentionMaxBytes the oldest partitions are dropped while the store is larger (0: no limit)
 * @param queueCapacity records received but not yet processed, at most
 * @param commitMs how often the store commits and the checkpoint moves
 * @param zone the zone of RFC 3164 timestamps
 * @param files globs of files to follow (empty: none); positions in {@code DIR/server/file-positions}
 * @param syslogTls the syslog-over-TLS listener (its {@code tls} set), or null
 */
public record ServerOptions(Path dataDir, InetSocketAddress http, SyslogConfig syslogUdp,
    SyslogConfig syslogTcp, Path adminTokenFile, Path rules, int retentionDays, long retentionMaxBytes,
    int queueCapacity, long commitMs, ZoneId zone, HttpIngestConfig httpIngest, java.util.List<String> files,
    SyslogConfig syslogTls) {
  /** Without files to follow. */
  public ServerOptions(Path dataDir, InetSocketAddress http, SyslogConfig syslogUdp, SyslogConfig syslogTcp,
      Path adminTokenFile, Path rules, int retentionDays, long retentionMaxBytes, int queueCapacity,
      long commitMs, ZoneId zone, HttpIngestConfig httpIngest) {
    this(dataDir, http, syslogUdp, syslogTcp, adminTokenFile, rules, retentionDays, retentionMaxBytes,
        queueCapacity, commitMs, zone, httpIngest, java.util.List.of(), null);
  }

  public ServerOptions {
    files = java.util.List.copyOf(files);
    if (syslogTls != null && syslogTls.tls() == null) {
      throw new IllegalArgumentException("syslog over TLS needs a key store (tls_keystore)");
    }
    if (dataDir == null || http == null) {
      throw new IllegalArgumentException("data directory and HTTP address are needed");
    }
    if (retentionDays < 1 || retentionMaxBytes < 0 || queueCapacity < 1024 || commitMs < 10) {
      throw new IllegalArgumentException(
          "retention_days >= 1, retention_max_bytes >= 0, queue_capacity >= 1024, commit_ms >= 10");
    }
  }

  /**
   * How often the store commits by default. The write-ahead log makes events durable, so a commit
   * only moves the checkpoint; its fsyncs compete with the WAL's on the same disk, and at one per
   * second they held receipt→alert p99 at 630 ms at 10,000 events/s (290 ms at 10 s, see
   * docs/benchmarks.md). The price: a restart after a crash replays up to this much of the WAL.
   */
  public static final long DEFAULT_COMMIT_MS = 10_000;

  /** Laptop defaults: HTTP on 127.0.0.1:8080, syslog UDP and TCP on 127.0.0.1:5514. */
  public static ServerOptions defaults(Path dataDir, Path rules) {
    return new ServerOptions(dataDir, new InetSocketAddress("127.0.0.1", 8080),
        SyslogConfig.defaults(new InetSocketAddress("127.0.0.1", 5514)),
        SyslogConfig.defaults(new InetSocketAddress("127.0.0.1", 5514)), null, rules, 30, 0, 20_000,
        DEFAULT_COMMIT_MS, ZoneId.systemDefault(), HttpIngestConfig.defaults());
  }

  public ServerOptions withListeners(InetSocketAddress http, SyslogConfig udp, SyslogConfig tcp) {
    return new ServerOptions(dataDir, http, udp, tcp, adminTokenFile, rules, retentionDays,
        retentionMaxBytes, queueCapacity, commitMs, zone, httpIngest, files, syslogTls);
  }

  public ServerOptions withFiles(java.util.List<String> globs) {
    return new ServerOptions(dataDir, http, syslogUdp, syslogTcp, adminTokenFile, rules, retentionDays,
        retentionMaxBytes, queueCapacity, commitMs, zone, httpIngest, globs, syslogTls);
  }

  public ServerOptions withAdminTokenFile(Path file) {
    return new ServerOptions(dataDir, http, syslogUdp, syslogTcp, file, rules, retentionDays,
        retentionMaxBytes, queueCapacity, commitMs, zone, httpIngest, files, syslogTls);
  }
}
