package org.patou.inventory;

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
 * @param source what told us: {@code nmap}, {@code doors}, {@code collect}
 */
public record Door(
    String address,
    int port,
    String protocol,
    String service,
    String product,
    String version,
    boolean exposed,
    String source) {

  /** {@code 443/tcp}. */
  public String label() {
    return port + "/" + protocol;
  }
}
