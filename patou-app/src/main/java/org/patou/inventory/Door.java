package org.patou.inventory;

import java.time.Instant;

/**
 * A service port of an asset: listening locally, or reachable from outside (exposed).
 *
 * @param address the address it answers on ({@code 0.0.0.0} for all), or null
 * @param port port number
 * @param protocol {@code tcp} or {@code udp}
 * @param service service name ({@code ssh}, {@code https}), or null
 * @param product product as seen ({@code OpenSSH}, {@code nginx}), or null
 * @param version product version as seen, or null
 * @param exposed true when reachable from outside the organisation
 * @param source what told us: {@code nmap}, {@code doors}, {@code collect}, {@code config}, {@code
 *     nft}, {@code events:zeek}...
 * @param evidence why it is exposed or known, in words that follow "exposed on 443/tcp" ({@code via
 *     NAT 203.0.113.10:443 (config)}, {@code observed inbound from 198.51.100.7 (zeek conn)}), or null
 * @param firstSeen when events first showed it (null for snapshots: files, scans, config)
 * @param lastSeen when events last showed it, or null
 */
public record Door(
    String address,
    int port,
    String protocol,
    String service,
    String product,
    String version,
    boolean exposed,
    String source,
    String evidence,
    Instant firstSeen,
    Instant lastSeen) {

  /** A door from a snapshot (file, scan, collection): no evidence text, no times. */
  public Door(String address, int port, String protocol, String service, String product, String version,
      boolean exposed, String source) {
    this(address, port, protocol, service, product, version, exposed, source, null, null, null);
  }

  /** {@code 443/tcp}. */
  public String label() {
    return port + "/" + protocol;
  }
}
