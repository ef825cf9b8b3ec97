package org.patou.inventory;

import java.util.List;

/**
 * What one import or collection says about one or more assets: a snapshot of the given origin.
 *
 * @param format the detected format ({@code dpkg-status}, {@code apk-installed}, {@code nmap}...)
 * @param hosts one entry per asset the file describes
 * @param replacesDoorsOf when non-null, the file is the whole picture of that door source (a
 *     firewall ruleset, the exposure configuration): every asset's doors of that source are removed
 *     before the hosts' doors are written, so a rule deleted from the file disappears everywhere
 */
public record Inventory(String format, List<Host> hosts, String replacesDoorsOf) {

  /** A snapshot whose doors replace only the same source's doors of the assets it names. */
  public Inventory(String format, List<Host> hosts) {
    this(format, hosts, null);
  }

  /**
   * What is known of one asset. When {@code software} is non-null it replaces the asset's software
   * from the same {@code format}; when {@code doors} is non-null it replaces the doors from the same
   * source.
   *
   * @param asset the asset's attributes as the file gives them (name may be null for nmap hosts
   *     without hostname: identity then goes by address or MAC)
   */
  public record Host(Asset asset, List<Software> software, List<Door> doors, List<String> admins,
      List<String> remoteAccessTools) {}

  /** One host with software only. */
  public static Inventory software(String format, Asset asset, List<Software> software) {
    List<String> names = software.stream().map(Software::name).toList();
    return new Inventory(format, List.of(new Host(asset, software, null, List.of(), RemoteAccessTools.detect(names))));
  }
}
