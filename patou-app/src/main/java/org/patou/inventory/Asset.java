package org.patou.inventory;

import java.util.List;
import java.util.Locale;

/**
 * A machine or device. Identity is {@link #key(String)} of the name; see docs/inventory.md.
 *
 * @param name display name (hostname, or address when none is known)
 * @param addresses IP addresses
 * @param macs MAC addresses, upper case with colons
 * @param osId os-release {@code ID} ({@code debian}, {@code alpine}, {@code windows}), or null
 * @param osVersion os-release {@code VERSION_ID}, or null
 * @param owner who answers for it, or null
 * @param role what it does ({@code web server}), or null
 * @param criticality 1 (can be lost) to 5 (the organisation stops); 3 when unknown
 * @param tags free labels
 */
public record Asset(
    String name,
    List<String> addresses,
    List<String> macs,
    String osId,
    String osVersion,
    String owner,
    String role,
    int criticality,
    List<String> tags) {

  public static final int DEFAULT_CRITICALITY = 3;

  public Asset {
    addresses = List.copyOf(addresses);
    macs = List.copyOf(macs);
    tags = List.copyOf(tags);
    if (criticality < 1 || criticality > 5) {
      throw new IllegalArgumentException("criticality must be 1 to 5: " + criticality);
    }
  }

  /** A bare asset with only a name. */
  public static Asset named(String name) {
    return new Asset(name, List.of(), List.of(), null, null, null, null, DEFAULT_CRITICALITY, List.of());
  }

  /** The identity key of a name: trimmed, lower case, trailing dot removed. */
  public static String key(String name) {
    String k = name.trim().toLowerCase(Locale.ROOT);
    return k.endsWith(".") ? k.substring(0, k.length() - 1) : k;
  }

  /** The same asset with OS set. */
  public Asset withOs(String id, String version) {
    return new Asset(name, addresses, macs, id, version, owner, role, criticality, tags);
  }
}
