package org.patou.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doors given as configuration, from firewall or NAT rules that the owner knows: a text file whose
 * first line is {@code # patou doors}, then one line per door that the outside reaches:
 *
 * <pre>
 * # patou doors
 * # asset      port/proto  service (optional)
 * web01        443/tcp     https
 * mail         25/tcp      smtp
 * </pre>
 */
public final class DoorsFile {
  private DoorsFile() {}

  public static final String MAGIC = "# patou doors";

  public static Inventory parse(String file, String text) throws ParseException {
    Map<String, List<Door>> byAsset = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\\s+");
      String rec = "line " + (i + 1);
      if (f.length < 2 || !f[1].matches("\\d{1,5}/(tcp|udp)")) {
        throw new ParseException(file, rec, "expected: asset port/tcp|udp [service]");
      }
      String[] pp = f[1].split("/");
      int port = Integer.parseInt(pp[0]);
      if (port < 1 || port > 65535) {
        throw new ParseException(file, rec, "port outside 1-65535");
      }
      byAsset.computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(new Door(null, port, pp[1], f.length > 2 ? f[2] : null, null, null, true, "doors"));
    }
    List<Inventory.Host> hosts = new ArrayList<>();
    for (Map.Entry<String, List<Door>> e : byAsset.entrySet()) {
      hosts.add(new Inventory.Host(Asset.named(e.getKey()), null, e.getValue(), List.of(), List.of()));
    }
    return new Inventory("doors", hosts);
  }
}
