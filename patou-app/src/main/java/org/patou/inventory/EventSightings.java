package org.patou.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patou.event.Event;

/**
 * What one stored event says about hosts and services, as {@link Sighting}s (live discovery of
 * {@code patou serve}; the batching and writing is {@code org.patou.runtime.InventoryDiscovery}).
 *
 * <ul>
 *   <li>Zeek conn ({@code event.dataset: zeek.conn}, ECS as Filebeat writes it, or Zeek's own JSON
 *       with {@code id.orig_h}...): an established connection (TCP state SF, S1, S2, S3, RSTO, RSTR;
 *       UDP with bytes back) to an inside responder is a service {@code ip:port/proto}; from an
 *       outside originator it is an exposed door, evidence "observed inbound from X (zeek conn)".
 *       Inside originators are hosts seen.
 *   <li>Zeek ssh ({@code zeek.ssh}): the server banner gives product and version of the door.
 *   <li>Any event naming its host: syslog's {@code host.name} (with {@code host.ip} or Filebeat's
 *       {@code log.source.address} when the event has them), Windows' {@code Computer} ({@code
 *       Event.System.Computer}, {@code winlog.computer_name}), an agent's ECS {@code host.name}.
 *   <li>sshd answering (logins, invalid users, connections): {@code ssh} on 22/tcp, or the port of
 *       an earlier "Server listening on ... port N"; exposed when the client is outside.
 *   <li>Web access logs ({@code http.access}, {@code nginx.access}, {@code apache.access}) with a
 *       server port ({@code destination.port}, {@code url.port}): that door; exposed when the
 *       client is outside.
 * </ul>
 *
 * "Inside" is Zeek's {@code local_orig}/{@code local_resp} or ECS {@code network.direction} when the
 * event has them, else {@link LocalNets}. Loopback, unspecified, multicast and link-local addresses
 * never identify a host (every machine has them). Keeps a bounded map of sshd listening ports; not
 * thread-safe.
 */
public final class EventSightings {
  static final int MAX_SSHD_PORTS = 10_000;
  private static final Set<String> ESTABLISHED = Set.of("SF", "S1", "S2", "S3", "RSTO", "RSTR");
  private static final Set<String> WEB = Set.of("http.access", "nginx.access", "apache.access", "apache2.access");
  private static final Pattern SSHD_LISTENING = Pattern.compile("^Server listening on (\\S+) port (\\d{1,5})\\.?$");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Pattern SSH_BANNER = Pattern.compile("^SSH-[\\d.]+-([A-Za-z][A-Za-z-]*)[_-]([0-9][\\w.]*)");

  private final LocalNets local;
  private final Map<String, Integer> sshdPorts = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
      return size() > MAX_SSHD_PORTS;
    }
  };

  public EventSightings(LocalNets local) {
    this.local = local;
  }

  /** Gives what the event shows to {@code out}; never throws on odd input. */
  public void read(Event e, long timestamp, Consumer<Sighting> out) {
    Instant at = Instant.ofEpochMilli(timestamp);
    String dataset = str(e, "event.dataset");
    if ("zeek.conn".equals(dataset) || dataset == null && e.has("id.resp_h") && e.has("conn_state")) {
      conn(e, at, out);
      return;
    }
    if ("zeek.ssh".equals(dataset) || dataset == null && e.has("id.resp_h") && e.has("server") && e.has("auth_attempts")) {
      ssh(e, at, out);
      return;
    }
    if (dataset != null && dataset.startsWith("zeek.")) {
      return; // other Zeek logs: their host.name is the sensor, said by conn events already
    }
    host(e, at, out);
  }

  private void conn(Event e, Instant at, Consumer<Sighting> out) {
    String orig = first(e, "source.ip", "id.orig_h");
    String resp = first(e, "destination.ip", "id.resp_h");
    Long port = num(e, "destination.port", "id.resp_p");
    String proto = lower(first(e, "network.transport", "proto"));
    byte[] ob = LocalNets.literal(orig);
    byte[] rb = LocalNets.literal(resp);
    if (!LocalNets.identifiesOne(ob) || !LocalNets.identifiesOne(rb) || port == null || port < 1 || port > 65535
        || proto == null) {
      return;
    }
    String state = first(e, "zeek.connection.state", "conn_state");
    boolean established;
    if (proto.equals("tcp")) {
      established = state != null && ESTABLISHED.contains(state);
    } else if (proto.equals("udp")) {
      Long back = num(e, "destination.bytes", "resp_bytes");
      Long pkts = num(e, "destination.packets", "resp_pkts");
      established = back != null && back > 0 || pkts != null && pkts > 0;
    } else {
      return; // icmp and others have no port to speak of
    }
    boolean origIn = inside(e, ob, "zeek.connection.local_orig", "local_orig", true);
    boolean respIn = inside(e, rb, "zeek.connection.local_resp", "local_resp", false);
    if (origIn) {
      out.accept(new Sighting(null, List.of(orig), "events:zeek", "connecting out (zeek conn)", at, at, null));
    }
    if (!respIn || !established) {
      return;
    }
    int p = port.intValue();
    String service = zeekService(first(e, "network.protocol", "service"), p);
    String evidence = origIn ? "answering " + orig + " (zeek conn)" : "observed inbound from " + orig + " (zeek conn)";
    out.accept(new Sighting(null, List.of(resp), "events:zeek", "answering (zeek conn)", at, at,
        new Door(resp, p, proto, service, null, null, !origIn, "events:zeek", evidence, at, at)));
  }

  private void ssh(Event e, Instant at, Consumer<Sighting> out) {
    String orig = first(e, "source.ip", "id.orig_h");
    String resp = first(e, "destination.ip", "id.resp_h");
    Long port = num(e, "destination.port", "id.resp_p");
    String banner = first(e, "zeek.ssh.server", "server");
    if (!identifies(resp) || port == null || port < 1 || port > 65535 || banner == null
        || !inside(e, LocalNets.literal(resp), "zeek.connection.local_resp", "local_resp", false)) {
      return;
    }
    Matcher m = SSH_BANNER.matcher(banner);
    String product = m.find() ? m.group(1) : null;
    String version = product != null ? m.group(2) : null;
    boolean outside = identifies(orig) && !inside(e, LocalNets.literal(orig), "zeek.connection.local_orig", "local_orig", true);
    String evidence = outside ? "observed inbound from " + orig + " (zeek ssh)" : "banner " + banner + " (zeek ssh)";
    out.accept(new Sighting(null, List.of(resp), "events:zeek", "answering (zeek ssh)", at, at,
        new Door(resp, port.intValue(), "tcp", "ssh", product, version, outside, "events:zeek", evidence, at, at)));
  }

  private void host(Event e, Instant at, Consumer<Sighting> out) {
    String source;
    String name = first(e, "Event.System.Computer", "winlog.computer_name");
    String how;
    if (name != null) {
      source = "events:windows";
      how = "Computer " + name + " (windows event)";
    } else {
      name = str(e, "host.name");
      if (name == null) {
        return;
      }
      source = e.has("log.syslog.hostname") || e.has("log.syslog.appname") ? "events:syslog" : "events:agent";
      how = "host.name " + name + (source.equals("events:syslog") ? " (syslog)" : " (agent)");
    }
    name = name.trim();
    List<String> addresses = new ArrayList<>();
    if (LocalNets.isAddress(name)) {
      if (identifies(name)) {
        addresses.add(name);
      }
      name = null;
    } else if (!plausibleName(name)) {
      return;
    }
    for (String a : all(e, "host.ip")) {
      if (identifies(a) && !addresses.contains(a)) {
        addresses.add(a);
      }
    }
    String sender = senderAddress(str(e, "log.source.address"));
    if (identifies(sender) && !addresses.contains(sender)) {
      addresses.add(sender);
    }
    if (name == null && addresses.isEmpty()) {
      return;
    }
    if (!addresses.isEmpty()) {
      how += " from " + String.join(", ", addresses);
    }
    out.accept(new Sighting(name, addresses, source, how, at, at, null));
    String hostKey = name != null ? Asset.key(name) : addresses.get(0);
    String process = str(e, "process.name");
    if (process != null && (process.equals("sshd") || process.startsWith("sshd-") || process.startsWith("sshd@"))) {
      sshd(e, at, name, addresses, hostKey, out);
    } else if (WEB.contains(str(e, "event.dataset"))) {
      web(e, at, name, addresses, out);
    }
  }

  private void sshd(Event e, Instant at, String name, List<String> addresses, String hostKey, Consumer<Sighting> out) {
    String message = str(e, "message");
    Matcher m = message == null ? null : SSHD_LISTENING.matcher(message);
    if (m != null && m.matches()) {
      int port = Integer.parseInt(m.group(2));
      if (port >= 1 && port <= 65535) {
        sshdPorts.put(hostKey, port);
        out.accept(new Sighting(name, addresses, "events:sshd", "sshd log", at, at,
            new Door(null, port, "tcp", "ssh", null, null, false, "events:sshd", "listening (sshd log)", at, at)));
      }
      return;
    }
    String action = str(e, "event.action");
    String client = str(e, "source.ip");
    if (action == null || !action.startsWith("ssh_") || !identifies(client)) {
      return;
    }
    boolean outside = !local.contains(client);
    int port = sshdPorts.getOrDefault(hostKey, 22);
    String evidence = outside ? "observed inbound from " + client + " (sshd log)" : "answering " + client + " (sshd log)";
    out.accept(new Sighting(name, addresses, "events:sshd", "sshd log", at, at,
        new Door(null, port, "tcp", "ssh", null, null, outside, "events:sshd", evidence, at, at)));
  }

  private void web(Event e, Instant at, String name, List<String> addresses, Consumer<Sighting> out) {
    Long port = num(e, "destination.port", "url.port");
    String client = str(e, "source.ip");
    if (port == null || port < 1 || port > 65535) {
      return; // the common log formats do not say which port answered
    }
    boolean outside = identifies(client) && !local.contains(client);
    String evidence = outside ? "observed inbound from " + client + " (web access log)" : "answering (web access log)";
    String scheme = lower(str(e, "url.scheme"));
    String service = "https".equals(scheme) ? "https" : "http".equals(scheme) ? "http" : null;
    out.accept(new Sighting(name, addresses, "events:web", "web access log", at, at,
        new Door(null, port.intValue(), "tcp", service, null, null, outside, "events:web", evidence, at, at)));
  }

  /** Zeek's service names in nmap's words (DoorLinks' table); TLS alone is left to the port. */
  static String zeekService(String zeek, int port) {
    if (zeek == null || zeek.isBlank() || zeek.equals("-")) {
      return null;
    }
    boolean tls = false;
    String other = null;
    for (String s : zeek.toLowerCase(Locale.ROOT).split(",")) {
      s = s.strip();
      if (s.equals("ssl") || s.equals("tls")) {
        tls = true;
      } else if (other == null && !s.isEmpty()) {
        other = switch (s) {
          case "dns" -> "domain";
          case "smb" -> "microsoft-ds";
          case "rdp" -> "ms-wbt-server";
          case "krb", "krb_tcp" -> "kerberos";
          default -> s;
        };
      }
    }
    if (other == null) {
      return null;
    }
    return tls && !other.equals("http") ? "ssl/" + other : tls ? "https" : other;
  }

  private boolean inside(Event e, byte[] addr, String ecsFlag, String zeekFlag, boolean originator) {
    String flag = first(e, ecsFlag, zeekFlag);
    if (flag != null) {
      return flag.equals("T") || flag.equalsIgnoreCase("true");
    }
    String dir = lower(str(e, "network.direction"));
    if (dir != null) {
      switch (dir) {
        case "internal":
          return true;
        case "external":
          return false;
        case "inbound", "ingress":
          return !originator;
        case "outbound", "egress":
          return originator;
        default:
          break;
      }
    }
    return local.contains(addr);
  }

  /** An address that can stand for one machine (not loopback, unspecified, multicast, link-local). */
  static boolean identifies(String addr) {
    return LocalNets.identifiesOne(LocalNets.literal(addr));
  }

  private static boolean plausibleName(String n) {
    return !n.isEmpty() && n.length() <= 253 && !n.equals("-") && !n.equalsIgnoreCase("localhost")
        && !n.equalsIgnoreCase("localhost.localdomain") && NAME.matcher(n).matches();
  }

  /** {@code 10.0.0.5:514} or {@code [2001:db8::1]:514} or a bare address. */
  static String senderAddress(String v) {
    if (v == null) {
      return null;
    }
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      return end > 0 ? v.substring(1, end) : null;
    }
    int colon = v.indexOf(':');
    return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String first(Event e, String a, String b) {
    String v = str(e, a);
    return v != null ? v : str(e, b);
  }

  /** A field as text: strings, numbers, booleans; a list gives its first element. */
  static String str(Event e, String field) {
    Object v = e.get(field);
    if (v instanceof List<?> l) {
      v = l.isEmpty() ? null : l.get(0);
    }
    if (v instanceof String s) {
      return s.isEmpty() ? null : s;
    }
    return v instanceof Number || v instanceof Boolean ? v.toString() : null;
  }

  private static List<String> all(Event e, String field) {
    Object v = e.get(field);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    } else if (v instanceof String s) {
      out.add(s);
    }
    return out;
  }

  private static Long num(Event e, String a, String b) {
    String s = first(e, a, b);
    if (s == null || !DIGITS.matcher(s).matches()) {
      return null;
    }
    return Long.parseLong(s);
  }
}
