package org.patou.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a firewall lets in, from {@code nft -j list ruleset} (the JSON of libnftables-json(5)): port
 * forwards and accept rules become exposures, i.e. doors reachable from outside.
 *
 * <ul>
 *   <li>{@code dnat} in a chain reached from a {@code nat} base chain on hook {@code prerouting}: the
 *       target address (and port, else the matched destination port) is exposed; evidence "via NAT
 *       PUBLIC:PORT".
 *   <li>{@code redirect} there: the firewall itself ({@code host}) on the redirect port.
 *   <li>{@code accept} in a chain reached from a {@code filter} base chain on hook {@code forward}
 *       with a destination address and port: that address and port.
 *   <li>{@code accept} reached from hook {@code input} with a destination port: the firewall itself,
 *       when its asset name ({@code host}) is given.
 * </ul>
 *
 * Regular chains are followed through {@code jump} and {@code goto} (the jumping rule's matches
 * apply). A rule is not an exposure when it can only match traffic from inside: source addresses all
 * inside ({@link LocalNets}; named sets resolved), input interface {@code lo} or not one of the
 * {@code wan} interfaces (when given), or {@code ct state} limited to established/related. Matches
 * patou does not know are taken as not restricting, and rule order (a drop before an accept) is not
 * evaluated: the result may over-state exposure, never silently under-state a port forward. Port
 * ranges count up to {@link #MAX_PORTS} ports per rule.
 */
public final class NftRuleset {
  private NftRuleset() {}

  static final int MAX_PORTS = 1024;
  private static final int MAX_DEPTH = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One exposure.
   *
   * @param host the asset: a name, or an IP address (identity by address)
   * @param address the address the door answers on, or null
   * @param evidence "via NAT 203.0.113.10:443 (nft ruleset.json: ip nat prerouting, handle 4)"
   */
  public record Exposure(String host, String address, int port, String protocol, String evidence) {}

  private record Chain(String family, String table, String name, String type, String hook, List<Rule> rules) {}

  private record Rule(int index, long handle, JsonNode expr) {}

  /** What a rule (and the rules that jumped to its chain) match on; null = anything. */
  private record Cond(Set<String> iif, List<String> saddr, List<String> daddr, Set<String> protos,
      List<int[]> dports, boolean oldOnly) {
    static final Cond ANY = new Cond(null, null, null, null, null, false);

    Cond and(Cond c) {
      return new Cond(c.iif != null ? c.iif : iif, c.saddr != null ? c.saddr : saddr,
          c.daddr != null ? c.daddr : daddr, c.protos != null ? c.protos : protos,
          c.dports != null ? c.dports : dports, oldOnly || c.oldOnly);
    }
  }

  /**
   * @param file named in errors and evidence
   * @param host the firewall's own asset name (input and redirect rules), or null to skip those
   * @param wan interfaces facing the outside; empty: any interface may
   */
  public static List<Exposure> parse(String file, byte[] json, String host, List<String> wan, LocalNets local)
      throws ParseException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ParseException(file, "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
          "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ParseException(file, "document", e.getMessage(), e);
    }
    return parse(file, root, host, wan, local);
  }

  /** True for a document that looks like {@code nft -j list ruleset} output. */
  public static boolean looksLike(String head) {
    return head.startsWith("{") && head.substring(0, Math.min(head.length(), 64)).replace(" ", "").startsWith("{\"nftables\"");
  }

  static List<Exposure> parse(String file, JsonNode root, String host, List<String> wan, LocalNets local)
      throws ParseException {
    if (root == null || !root.isObject() || !root.path("nftables").isArray()) {
      throw new ParseException(file, "document", "not nft JSON: expected {\"nftables\": [...]} (nft -j list ruleset)");
    }
    JsonNode items = root.get("nftables");
    Map<String, Chain> chains = new HashMap<>();
    Map<String, List<JsonNode>> sets = new HashMap<>();
    List<Object[]> pendingRules = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode it = items.get(i);
      String pos = "nftables[" + i + "]";
      if (!it.isObject() || it.size() != 1) {
        throw new ParseException(file, pos, "expected an object with one key (table, chain, rule, set...)");
      }
      String kind = it.fieldNames().next();
      JsonNode v = it.get(kind);
      switch (kind) {
        case "chain" -> {
          String f = text(file, pos, v, "family");
          String t = text(file, pos, v, "table");
          String n = text(file, pos, v, "name");
          chains.put(f + " " + t + " " + n, new Chain(f, t, n, v.path("type").asText(null), v.path("hook").asText(null),
              new ArrayList<>()));
        }
        case "rule" -> {
          String key = text(file, pos, v, "family") + " " + text(file, pos, v, "table") + " " + text(file, pos, v, "chain");
          if (!v.path("expr").isArray()) {
            throw new ParseException(file, pos, "rule without an expr array");
          }
          pendingRules.add(new Object[] {key, new Rule(i, v.path("handle").asLong(-1), v.get("expr"))});
        }
        case "set", "map" -> {
          String key = text(file, pos, v, "family") + " " + text(file, pos, v, "table") + " " + text(file, pos, v, "name");
          List<JsonNode> elems = new ArrayList<>();
          v.path("elem").forEach(elems::add);
          sets.put(key, elems);
        }
        default -> {
          // metainfo, table, flowtable, counter, quota, ct helper...: nothing to expose
        }
      }
    }
    for (Object[] pr : pendingRules) {
      Chain c = chains.get((String) pr[0]);
      Rule r = (Rule) pr[1];
      if (c == null) {
        throw new ParseException(file, "nftables[" + r.index() + "]", "rule of an unknown chain " + pr[0]);
      }
      c.rules().add(r);
    }
    Walker w = new Walker(file, fileName(file), chains, sets, host, new HashSet<>(wan), local);
    for (Chain c : chains.values().stream().sorted(java.util.Comparator.comparing(Chain::family)
        .thenComparing(Chain::table).thenComparing(Chain::name)).toList()) {
      if (c.hook() == null) {
        continue;
      }
      String ctx = switch (c.hook()) {
        case "prerouting" -> "nat".equals(c.type()) ? "nat" : null;
        case "input" -> "filter".equals(c.type()) ? "input" : null;
        case "forward" -> "filter".equals(c.type()) ? "forward" : null;
        default -> null;
      };
      if (ctx != null) {
        w.walk(c, ctx, Cond.ANY, 0, c.family() + " " + c.table() + " " + c.name());
      }
    }
    return List.copyOf(w.out);
  }

  private static final class Walker {
    final String file;
    final String label;
    final Map<String, Chain> chains;
    final Map<String, List<JsonNode>> sets;
    final String host;
    final Set<String> wan;
    final LocalNets local;
    final Set<Exposure> out = new LinkedHashSet<>();

    Walker(String file, String label, Map<String, Chain> chains, Map<String, List<JsonNode>> sets, String host,
        Set<String> wan, LocalNets local) {
      this.file = file;
      this.label = label;
      this.chains = chains;
      this.sets = sets;
      this.host = host;
      this.wan = wan;
      this.local = local;
    }

    void walk(Chain c, String ctx, Cond inherited, int depth, String path) throws ParseException {
      for (Rule r : c.rules()) {
        String pos = "nftables[" + r.index() + "]";
        Cond cond = inherited.and(conditions(c, r, pos));
        if (fromInsideOnly(c, cond)) {
          continue;
        }
        String where = "nft " + label + ": " + path + ", handle " + r.handle();
        for (JsonNode x : r.expr()) {
          if (x.has("jump") || x.has("goto")) {
            String target = x.has("jump") ? x.get("jump").path("target").asText("") : x.get("goto").path("target").asText("");
            Chain t = chains.get(c.family() + " " + c.table() + " " + target);
            if (t == null) {
              throw new ParseException(file, pos, "jump to an unknown chain " + target);
            }
            if (depth < MAX_DEPTH) {
              walk(t, ctx, cond, depth + 1, path + " > " + target);
            }
          } else if (x.has("dnat") && ctx.equals("nat")) {
            dnat(c, x.get("dnat"), cond, pos, where);
          } else if (x.has("redirect") && ctx.equals("nat") && host != null) {
            JsonNode port = x.get("redirect").path("port");
            for (String proto : protos(cond)) {
              for (int p : port.canConvertToInt() ? List.of(port.asInt()) : ports(cond.dports())) {
                add(new Exposure(host, null, p, proto, "via redirect of port " + firstPort(cond) + " (" + where + ")"), pos);
              }
            }
          } else if (x.has("accept") && (ctx.equals("input") || ctx.equals("forward"))) {
            if (cond.dports() == null) {
              continue; // no port: established traffic, ICMP, "ct status dnat" and the like
            }
            if (ctx.equals("input") && host != null) {
              String addr = cond.daddr() != null && cond.daddr().size() == 1 && LocalNets.isAddress(cond.daddr().get(0))
                  ? cond.daddr().get(0) : null;
              for (String proto : protos(cond)) {
                for (int p : ports(cond.dports())) {
                  add(new Exposure(host, addr, p, proto, "via input rule (" + where + ")"), pos);
                }
              }
            } else if (ctx.equals("forward") && cond.daddr() != null) {
              for (String a : cond.daddr()) {
                if (!LocalNets.isAddress(a)) {
                  continue; // a network, not one machine
                }
                for (String proto : protos(cond)) {
                  for (int p : ports(cond.dports())) {
                    add(new Exposure(a, a, p, proto, "via forward rule to " + hostPort(a, p) + " (" + where + ")"), pos);
                  }
                }
              }
            }
          }
        }
      }
    }

    void dnat(Chain c, JsonNode d, Cond cond, String pos, String where) throws ParseException {
      String addr = d.path("addr").isTextual() ? d.get("addr").asText() : null;
      if (addr == null || !LocalNets.isAddress(addr)) {
        return; // maps and expressions as targets are not followed
      }
      String pub = cond.daddr() != null && cond.daddr().size() == 1 ? cond.daddr().get(0) : null;
      List<Integer> publicPorts = ports(cond.dports());
      for (String proto : protos(cond)) {
        if (d.path("port").canConvertToInt()) {
          int to = d.get("port").asInt();
          String from = publicPorts.isEmpty() ? "" : ":" + range(cond.dports());
          add(new Exposure(addr, addr, to, proto, "via NAT " + (pub == null ? "any" : pub) + from + " (" + where + ")"), pos);
        } else {
          for (int p : publicPorts) {
            add(new Exposure(addr, addr, p, proto, "via NAT " + hostPort(pub == null ? "any" : pub, p) + " (" + where + ")"), pos);
          }
        }
      }
    }

    void add(Exposure e, String pos) throws ParseException {
      if (e.port() < 1 || e.port() > 65535) {
        throw new ParseException(file, pos, "port " + e.port() + " outside 1-65535");
      }
      out.add(e);
    }

    boolean fromInsideOnly(Chain c, Cond cond) {
      if (cond.oldOnly()) {
        return true;
      }
      if (cond.iif() != null) {
        boolean outside = false;
        for (String i : cond.iif()) {
          if (!i.equals("lo") && (wan.isEmpty() || wan.contains(i))) {
            outside = true;
          }
        }
        if (!outside) {
          return true;
        }
      }
      if (cond.saddr() != null && !cond.saddr().isEmpty()) {
        for (String s : cond.saddr()) {
          String base = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
          if (!local.contains(base)) {
            return false;
          }
        }
        return true;
      }
      return false;
    }

    Cond conditions(Chain c, Rule r, String pos) throws ParseException {
      Set<String> iif = null;
      List<String> saddr = null;
      List<String> daddr = null;
      Set<String> protos = null;
      List<int[]> dports = null;
      boolean oldOnly = false;
      for (JsonNode x : r.expr()) {
        JsonNode m = x.get("match");
        if (m == null) {
          continue;
        }
        String op = m.path("op").asText("==");
        if (op.equals("!=")) {
          continue; // a negation restricts too little to say anything
        }
        JsonNode left = m.path("left");
        JsonNode right = m.path("right");
        List<JsonNode> values = values(c, right);
        if (left.has("meta")) {
          String key = left.get("meta").path("key").asText("");
          if (key.equals("iifname") || key.equals("iif")) {
            iif = new HashSet<>();
            for (JsonNode v : values) {
              iif.add(v.asText());
            }
          } else if (key.equals("l4proto")) {
            protos = protocols(values);
          }
        } else if (left.has("payload")) {
          JsonNode p = left.get("payload");
          String proto = p.path("protocol").asText("");
          String field = p.path("field").asText("");
          if (field.equals("dport") && (proto.equals("tcp") || proto.equals("udp") || proto.equals("th")
              || proto.equals("sctp"))) {
            dports = new ArrayList<>();
            for (JsonNode v : values) {
              int[] range = portRange(v, pos);
              if (range != null) {
                dports.add(range);
              }
            }
            if (!proto.equals("th")) {
              protos = Set.of(proto);
            }
          } else if ((proto.equals("ip") || proto.equals("ip6")) && (field.equals("saddr") || field.equals("daddr"))) {
            List<String> addrs = new ArrayList<>();
            for (JsonNode v : values) {
              addrs.add(address(v));
            }
            if (field.equals("saddr")) {
              saddr = addrs;
            } else {
              daddr = addrs;
            }
          } else if ((proto.equals("ip") && field.equals("protocol")) || (proto.equals("ip6") && field.equals("nexthdr"))) {
            protos = protocols(values);
          }
        } else if (left.has("ct") && left.get("ct").path("key").asText("").equals("state")) {
          boolean anyNew = false;
          for (JsonNode v : values) {
            String s = v.asText();
            if (!s.equals("established") && !s.equals("related")) {
              anyNew = true;
            }
          }
          oldOnly = !anyNew;
        }
      }
      return new Cond(iif, saddr, daddr, protos, dports, oldOnly);
    }

    /** The values a match's right side stands for: one value, an anonymous set, a JSON array, a named set. */
    List<JsonNode> values(Chain c, JsonNode right) {
      List<JsonNode> out = new ArrayList<>();
      if (right.isTextual() && right.asText().startsWith("@")) {
        out.addAll(sets.getOrDefault(c.family() + " " + c.table() + " " + right.asText().substring(1), List.of()));
      } else if (right.has("set")) {
        right.get("set").forEach(out::add);
      } else if (right.isArray()) {
        right.forEach(out::add);
      } else {
        out.add(right);
      }
      return out;
    }
  }

  private static Set<String> protocols(List<JsonNode> values) {
    Set<String> s = new LinkedHashSet<>();
    for (JsonNode v : values) {
      s.add(v.asText());
    }
    return s;
  }

  private static List<String> protos(Cond c) {
    List<String> out = new ArrayList<>();
    for (String p : c.protos() == null ? Set.of("tcp", "udp") : c.protos()) {
      if (p.equals("tcp") || p.equals("udp") || p.equals("sctp")) {
        out.add(p);
      }
    }
    out.sort(null);
    return out;
  }

  private static int[] portRange(JsonNode v, String pos) {
    if (v.canConvertToInt()) {
      return new int[] {v.asInt(), v.asInt()};
    }
    if (v.isTextual() && v.asText().matches("\\d{1,5}")) {
      int p = Integer.parseInt(v.asText());
      return new int[] {p, p};
    }
    if (v.has("range") && v.get("range").size() == 2 && v.get("range").get(0).canConvertToInt()
        && v.get("range").get(1).canConvertToInt()) {
      return new int[] {v.get("range").get(0).asInt(), v.get("range").get(1).asInt()};
    }
    return null; // a service name or an expression: not counted
  }

  private static List<Integer> ports(List<int[]> ranges) {
    List<Integer> out = new ArrayList<>();
    if (ranges == null) {
      return out;
    }
    for (int[] r : ranges) {
      for (int p = r[0]; p <= r[1] && out.size() < MAX_PORTS; p++) {
        out.add(p);
      }
    }
    return out;
  }

  private static String firstPort(Cond c) {
    return c.dports() == null || c.dports().isEmpty() ? "any" : range(c.dports());
  }

  private static String range(List<int[]> ranges) {
    List<String> parts = new ArrayList<>();
    for (int[] r : ranges) {
      parts.add(r[0] == r[1] ? Integer.toString(r[0]) : r[0] + "-" + r[1]);
    }
    return String.join(",", parts);
  }

  private static String hostPort(String addr, int port) {
    return (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + port;
  }

  private static String address(JsonNode v) {
    if (v.has("prefix")) {
      return v.get("prefix").path("addr").asText() + "/" + v.get("prefix").path("len").asInt();
    }
    if (v.has("range") && v.get("range").size() == 2) {
      return v.get("range").get(0).asText() + "-" + v.get("range").get(1).asText();
    }
    return v.asText();
  }

  private static String text(String file, String pos, JsonNode v, String field) throws ParseException {
    JsonNode f = v.get(field);
    if (f == null || !f.isTextual()) {
      throw new ParseException(file, pos, "'" + field + "' missing");
    }
    return f.asText();
  }

  private static String fileName(String file) {
    int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    return slash < 0 ? file : file.substring(slash + 1);
  }
}
