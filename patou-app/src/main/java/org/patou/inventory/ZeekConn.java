package org.patou.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.patou.parse.zeek.ZeekTsvHeader;

/**
 * Observed inbound connections from a Zeek {@code conn.log} (TSV with a {@code #fields} header, or
 * JSON lines): a connection from outside to a local address that was established (TCP {@code
 * conn_state} SF, S1, S2, S3, RSTO, RSTR; UDP with a reply) proves the door is reachable, so it
 * becomes an exposed door of the responder, source {@code observed}. "Local" is Zeek's {@code
 * local_orig}/{@code local_resp} when set; otherwise an address in one of the given local networks
 * (CIDR), or, when none is given, in private space (10/8, 172.16/12, 192.168/16, fc00::/7,
 * loopback, link-local). Hosts are identified by address (identity rule 3).
 */
public final class ZeekConn {
  private ZeekConn() {}

  private static final Set<String> ESTABLISHED = Set.of("SF", "S1", "S2", "S3", "RSTO", "RSTR");
  private static final ObjectMapper JSON = new ObjectMapper();

  public static boolean looksLike(String head) {
    return head.startsWith("#separator") && head.contains("#path\tconn")
        || head.startsWith("{") && head.contains("\"id.resp_p\"") && head.contains("\"conn_state\"");
  }

  public static Inventory parse(String file, String text, List<String> localNets) throws ParseException {
    LocalNets nets = localNets.isEmpty() ? LocalNets.PRIVATE : LocalNets.of(file, localNets);
    Map<String, Map<String, Door>> byHost = new LinkedHashMap<>();
    ZeekTsvHeader header = new ZeekTsvHeader();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].replace("\r", "");
      String rec = "line " + (i + 1);
      if (l.isBlank()) {
        continue;
      }
      Map<String, String> r = new HashMap<>();
      if (header.accept(l)) {
        continue;
      }
      if (l.startsWith("{")) {
        JsonNode n;
        try {
          n = JSON.readTree(l);
        } catch (JsonProcessingException e) {
          throw new ParseException(file, rec, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        n.fields().forEachRemaining(e -> r.put(e.getKey(), e.getValue().isNull() ? "-" : e.getValue().asText()));
      } else {
        if (!header.ready()) {
          throw new ParseException(file, rec, "data before the #fields header");
        }
        String[] fields = header.fields();
        String[] v = header.split(l);
        if (v == null) {
          throw new ParseException(file, rec, "expected " + fields.length + " fields, found " + l.split("\t", -1).length);
        }
        for (int k = 0; k < fields.length; k++) {
          r.put(fields[k], v[k]);
        }
      }
      String orig = r.get("id.orig_h");
      String resp = r.get("id.resp_h");
      String port = r.get("id.resp_p");
      String proto = r.getOrDefault("proto", "tcp");
      if (orig == null || resp == null || port == null || !port.matches("\\d{1,5}")) {
        throw new ParseException(file, rec, "id.orig_h, id.resp_h and id.resp_p are required");
      }
      boolean localOrig = local(file, rec, r.get("local_orig"), orig, nets);
      boolean localResp = local(file, rec, r.get("local_resp"), resp, nets);
      if (localOrig || !localResp) {
        continue;
      }
      boolean established = proto.equals("tcp") ? ESTABLISHED.contains(r.getOrDefault("conn_state", ""))
          : !"0".equals(r.getOrDefault("resp_pkts", "0")) && !"-".equals(r.getOrDefault("resp_pkts", "-"));
      if (!established) {
        continue;
      }
      String svc = r.get("service");
      int p = Integer.parseInt(port);
      byHost.computeIfAbsent(resp, k -> new LinkedHashMap<>()).putIfAbsent(p + "/" + proto,
          new Door(resp, p, proto, svc == null || svc.equals("-") ? null : svc, null, null, true, "observed",
              "observed inbound from " + orig + " (zeek conn.log)", null, null));
    }
    List<Inventory.Host> hosts = new ArrayList<>();
    for (Map.Entry<String, Map<String, Door>> e : byHost.entrySet()) {
      Asset a = new Asset("", List.of(e.getKey()), List.of(), null, null, null, null, Asset.DEFAULT_CRITICALITY, List.of());
      hosts.add(new Inventory.Host(a, null, new ArrayList<>(e.getValue().values()), List.of(), List.of()));
    }
    return new Inventory("zeek-conn", hosts);
  }

  private static boolean local(String file, String rec, String flag, String addr, LocalNets nets)
      throws ParseException {
    if ("T".equals(flag) || "true".equals(flag)) {
      return true;
    }
    if ("F".equals(flag) || "false".equals(flag)) {
      return false;
    }
    return nets.contains(bytes(file, rec, addr));
  }

  /** A literal IP address as bytes, without any name lookup. */
  static byte[] bytes(String file, String rec, String addr) throws ParseException {
    byte[] b = LocalNets.literal(addr);
    if (b == null) {
      throw new ParseException(file, rec, "not an IP address: " + addr);
    }
    return b;
  }
}
