package org.patou.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code exposure:} section of the configuration file: what the firewall lets in from outside,
 * as the owner knows it, turned into exposed doors (source {@code config}) that the patch plan's
 * exposure multiplier uses:
 *
 * <pre>
 * exposure:
 *   local_nets: [10.0.0.0/8]          # inside networks (default: private address space)
 *   nat:                              # port forwards / DNAT
 *     - public: 203.0.113.10:443/tcp  # ADDR:PORT[/tcp|udp]
 *       to: web01:443                 # asset name or inside address, [:PORT] (default: the public port)
 *       service: https                # optional
 *   allow:                            # allowed inbound straight to an asset (public address)
 *     - to: mail:25/tcp
 *       service: smtp
 *   nft:                              # rulesets dumped with `nft -j list ruleset`
 *     - file: fw01-ruleset.json       # relative to this file
 *       host: fw01                    # the firewall's own asset (its input rules); optional
 *       wan: [eth0]                   # interfaces facing the outside; optional
 * </pre>
 *
 * The whole section is read and checked first (nft files included); an error names the file and
 * the line and column, and nothing is imported. Each import replaces every door of source {@code
 * config}: a rule removed from the file disappears.
 */
public final class ExposureConfig {
  private ExposureConfig() {}

  public static final String SOURCE = "config";
  private static final Set<String> KEYS = Set.of("local_nets", "nat", "allow", "nft");
  private static final Pattern ADDR_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:/\\[\\]]+):(\\d{1,5})(?:/(tcp|udp|sctp))?$");
  private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:/\\[\\]]+)(?::(\\d{1,5}))?(?:/(tcp|udp|sctp))?$");

  /**
   * What the section says.
   *
   * @param inventory the doors, ready for {@link InventoryStore#importAll}; null when the file has no
   *     {@code exposure:} section
   * @param localNets the inside networks
   */
  public record Result(Inventory inventory, LocalNets localNets) {}

  /** Reads the configuration file's {@code exposure:} section. */
  public static Result read(Path file) throws IOException, ParseException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), text, base == null ? Path.of(".") : base);
  }

  static Result parse(String file, String text, Path base) throws ParseException {
    Optional<Node> doc;
    try {
      doc = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      throw new ParseException(file, where(e.getProblemMark()), "not valid YAML: " + e.getProblem(), e);
    } catch (YamlEngineException e) {
      throw new ParseException(file, "document", "not valid YAML: " + e.getMessage(), e);
    }
    if (doc.isEmpty() || !(doc.get() instanceof MappingNode top)) {
      return new Result(null, LocalNets.PRIVATE);
    }
    Node section = get(top, "exposure");
    if (section == null) {
      return new Result(null, LocalNets.PRIVATE);
    }
    Reader r = new Reader(file, base);
    MappingNode m = r.mapping(section, "exposure");
    for (NodeTuple t : m.getValue()) {
      String k = r.scalar(t.getKeyNode(), "exposure key");
      if (!KEYS.contains(k)) {
        throw r.bad(t.getKeyNode(), "unknown key 'exposure." + k + "' (known: local_nets, nat, allow, nft)");
      }
    }
    LocalNets local = LocalNets.PRIVATE;
    Node nets = get(m, "local_nets");
    if (nets != null) {
      List<String> cidrs = new ArrayList<>();
      for (Node n : r.sequence(nets, "exposure.local_nets")) {
        cidrs.add(r.scalar(n, "exposure.local_nets"));
      }
      try {
        local = LocalNets.of(file, cidrs);
      } catch (ParseException e) {
        throw r.bad(nets, "exposure.local_nets: " + e.getMessage().substring(file.length() + 2));
      }
    }
    Map<String, Target> targets = new LinkedHashMap<>();
    Node nat = get(m, "nat");
    if (nat != null) {
      List<Node> items = r.sequence(nat, "exposure.nat");
      for (int i = 0; i < items.size(); i++) {
        String what = "exposure.nat[" + i + "]";
        MappingNode e = r.mapping(items.get(i), what);
        r.only(e, what, Set.of("public", "to", "service"));
        Node pub = r.required(e, "public", what);
        Matcher pm = ADDR_PORT.matcher(r.scalar(pub, what + ".public"));
        if (!pm.matches()) {
          throw r.bad(pub, what + ".public: expected ADDR:PORT[/tcp|udp], e.g. 203.0.113.10:443/tcp");
        }
        int publicPort = r.port(pub, what + ".public", pm.group(2));
        String proto = pm.group(3) == null ? "tcp" : pm.group(3);
        Node to = r.required(e, "to", what);
        Matcher tm = HOST_PORT.matcher(r.scalar(to, what + ".to"));
        if (!tm.matches() || tm.group(3) != null) {
          throw r.bad(to, what + ".to: expected ASSET[:PORT] or ADDRESS[:PORT], e.g. web01:443");
        }
        int port = tm.group(2) == null ? publicPort : r.port(to, what + ".to", tm.group(2));
        String service = get(e, "service") == null ? null : r.scalar(get(e, "service"), what + ".service");
        String host = unbracket(tm.group(1));
        targets.computeIfAbsent(Asset.key(host), k -> new Target(host)).doors.add(new Door(
            LocalNets.isAddress(host) ? host : null, port, proto, service, null, null, true, SOURCE,
            "via NAT " + pm.group(1) + ":" + publicPort + " (config)", null, null));
      }
    }
    Node allow = get(m, "allow");
    if (allow != null) {
      List<Node> items = r.sequence(allow, "exposure.allow");
      for (int i = 0; i < items.size(); i++) {
        String what = "exposure.allow[" + i + "]";
        MappingNode e = r.mapping(items.get(i), what);
        r.only(e, what, Set.of("to", "service"));
        Node to = r.required(e, "to", what);
        Matcher tm = HOST_PORT.matcher(r.scalar(to, what + ".to"));
        if (!tm.matches() || tm.group(2) == null) {
          throw r.bad(to, what + ".to: expected ASSET:PORT[/tcp|udp] or ADDRESS:PORT[/tcp|udp], e.g. mail:25/tcp");
        }
        int port = r.port(to, what + ".to", tm.group(2));
        String service = get(e, "service") == null ? null : r.scalar(get(e, "service"), what + ".service");
        String host = unbracket(tm.group(1));
        targets.computeIfAbsent(Asset.key(host), k -> new Target(host)).doors.add(new Door(
            LocalNets.isAddress(host) ? host : null, port, tm.group(3) == null ? "tcp" : tm.group(3), service, null, null,
            true, SOURCE, "via allow rule (config)", null, null));
      }
    }
    Node nft = get(m, "nft");
    if (nft != null) {
      List<Node> items = r.sequence(nft, "exposure.nft");
      for (int i = 0; i < items.size(); i++) {
        String what = "exposure.nft[" + i + "]";
        Node item = items.get(i);
        String fileName;
        String host = null;
        List<String> wan = new ArrayList<>();
        if (item instanceof ScalarNode) {
          fileName = r.scalar(item, what);
        } else {
          MappingNode e = r.mapping(item, what);
          r.only(e, what, Set.of("file", "host", "wan"));
          fileName = r.scalar(r.required(e, "file", what), what + ".file");
          if (get(e, "host") != null) {
            host = r.scalar(get(e, "host"), what + ".host");
          }
          if (get(e, "wan") != null) {
            for (Node w : r.sequence(get(e, "wan"), what + ".wan")) {
              wan.add(r.scalar(w, what + ".wan"));
            }
          }
        }
        Path p = base.resolve(fileName);
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(p);
        } catch (IOException x) {
          throw r.bad(item, what + ": cannot read " + p + ": " + x.getMessage());
        }
        for (NftRuleset.Exposure x : NftRuleset.parse(p.toString(), bytes, host, wan, local)) {
          targets.computeIfAbsent(Asset.key(x.host()), k -> new Target(x.host())).doors.add(new Door(
              x.address(), x.port(), x.protocol(), null, null, null, true, SOURCE, x.evidence(), null, null));
        }
      }
    }
    return new Result(inventory("exposure-config", SOURCE, targets), local);
  }

  /** The doors of an nft ruleset given to {@code patou inventory import} (source {@code nft}). */
  public static Inventory nft(String file, byte[] bytes, String host, List<String> localNets) throws ParseException {
    LocalNets local = localNets.isEmpty() ? LocalNets.PRIVATE : LocalNets.of(file, localNets);
    Map<String, Target> targets = new LinkedHashMap<>();
    for (NftRuleset.Exposure x : NftRuleset.parse(file, bytes, host, List.of(), local)) {
      targets.computeIfAbsent(Asset.key(x.host()), k -> new Target(x.host())).doors.add(new Door(
          x.address(), x.port(), x.protocol(), null, null, null, true, "nft", x.evidence(), null, null));
    }
    return inventory("nft", "nft", targets);
  }

  private static final class Target {
    final String host;
    final List<Door> doors = new ArrayList<>();

    Target(String host) {
      this.host = host;
    }
  }

  private static Inventory inventory(String format, String source, Map<String, Target> targets) {
    List<Inventory.Host> hosts = new ArrayList<>();
    for (Target t : targets.values()) {
      // An address stands for whichever asset holds it (identity rule 3); a name is that asset.
      Asset a = LocalNets.isAddress(t.host)
          ? new Asset("", List.of(t.host), List.of(), null, null, null, null, Asset.DEFAULT_CRITICALITY, List.of())
          : Asset.named(t.host);
      hosts.add(new Inventory.Host(a, null, List.copyOf(t.doors), List.of(), List.of()));
    }
    return new Inventory(format, hosts, source);
  }

  private static String unbracket(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  private static String key(NodeTuple t) {
    return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
  }

  private static Node get(MappingNode m, String k) {
    for (NodeTuple t : m.getValue()) {
      if (k.equals(key(t))) {
        return t.getValueNode();
      }
    }
    return null;
  }

  static String where(Optional<Mark> mark) {
    return mark.map(k -> "line " + (k.getLine() + 1) + ", column " + (k.getColumn() + 1)).orElse("document");
  }

  /** Checks node shapes, with the file and position in every error. */
  private record Reader(String file, Path base) {
    ParseException bad(Node n, String message) {
      return new ParseException(file, where(n.getStartMark()), message);
    }

    MappingNode mapping(Node n, String what) throws ParseException {
      if (n instanceof MappingNode m) {
        return m;
      }
      throw bad(n, what + ": a mapping is needed");
    }

    List<Node> sequence(Node n, String what) throws ParseException {
      if (n instanceof SequenceNode s) {
        return s.getValue();
      }
      throw bad(n, what + ": a list is needed");
    }

    String scalar(Node n, String what) throws ParseException {
      if (n instanceof ScalarNode s && !s.getValue().isBlank()) {
        return s.getValue().strip();
      }
      throw bad(n, what + ": a value is needed");
    }

    Node required(MappingNode m, String k, String what) throws ParseException {
      Node n = get(m, k);
      if (n == null) {
        throw bad(m, what + ": '" + k + "' is missing");
      }
      return n;
    }

    void only(MappingNode m, String what, Set<String> keys) throws ParseException {
      for (NodeTuple t : m.getValue()) {
        if (!keys.contains(key(t))) {
          throw bad(t.getKeyNode(), what + ": unknown key '" + key(t) + "' (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
        }
      }
    }

    int port(Node n, String what, String digits) throws ParseException {
      int p = Integer.parseInt(digits);
      if (p < 1 || p > 65535) {
        throw bad(n, what + ": port " + p + " outside 1-65535");
      }
      return p;
    }
  }
}
