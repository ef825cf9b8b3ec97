package org.patou.cli.prevent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The prevention part of the configuration file: top-level {@code allowlist:} (addresses, ranges,
 * host names, {@code user:NAME}) and {@code prevent:} ({@code dry_run}, {@code escalation: {factor,
 * max}}, {@code nftables}, {@code hooks: [command...]}, {@code scenarios: [file or folder...]},
 * {@code auto_allowlist}). See docs/scenarios.md.
 */
public record PreventConfig(
    List<String> allowlist,
    boolean dryRun,
    Decider.Escalation escalation,
    boolean nftables,
    List<String> hooks,
    List<Path> scenarios,
    boolean autoAllowlist) {

  public static final PreventConfig DEFAULT =
      new PreventConfig(List.of(), false, Decider.Escalation.DEFAULT, false, List.of(), List.of(), true);

  /** The configuration of the running command ({@code --config}), or the defaults. */
  public static PreventConfig of(CommandSpec spec) throws IOException {
    Path config = org.patou.cli.RootOptions.config(spec);
    return config == null ? DEFAULT : read(config);
  }

  public static PreventConfig read(Path file) throws IOException {
    Object doc = new Load(LoadSettings.builder().setLabel(file.toString()).build())
        .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    if (!(doc instanceof Map<?, ?> top)) {
      return DEFAULT;
    }
    List<String> allow = strings(top.get("allowlist"));
    Object p = top.get("prevent");
    if (!(p instanceof Map<?, ?> m)) {
      return new PreventConfig(allow, false, Decider.Escalation.DEFAULT, false, List.of(), List.of(), true);
    }
    Decider.Escalation esc = Decider.Escalation.DEFAULT;
    if (m.get("escalation") instanceof Map<?, ?> e) {
      double factor = e.get("factor") instanceof Number n ? n.doubleValue() : esc.factor();
      Duration max = e.get("max") != null ? Decision.parseDuration(e.get("max").toString()) : esc.max();
      esc = new Decider.Escalation(factor, max);
    }
    Path base = file.toAbsolutePath().getParent();
    List<Path> sc = new ArrayList<>();
    for (String s : strings(m.get("scenarios"))) {
      sc.add(base.resolve(s));
    }
    return new PreventConfig(allow, Boolean.TRUE.equals(m.get("dry_run")), esc,
        Boolean.TRUE.equals(m.get("nftables")), strings(m.get("hooks")), List.copyOf(sc),
        !Boolean.FALSE.equals(m.get("auto_allowlist")));
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    } else if (o != null) {
      out.add(o.toString());
    }
    return List.copyOf(out);
  }

  /**
   * The allowlist for enforcing commands: the configured entries, plus (unless {@code
   * auto_allowlist: false}) this machine's own addresses and the address of the administrator
   * running the command ({@code $SSH_CLIENT}, {@code $SSH_CONNECTION}). Host names of the list are
   * resolved here (a name that does not resolve stays a host-name entry).
   */
  public Allowlist effectiveAllowlist(Map<String, String> env) {
    List<String> entries = new ArrayList<>(allowlist);
    for (String host : Allowlist.of(allowlist).hostNames()) {
      try {
        for (InetAddress a : InetAddress.getAllByName(host)) {
          entries.add(a.getHostAddress());
        }
      } catch (java.net.UnknownHostException e) {
        // kept as a name only
      }
    }
    if (autoAllowlist) {
      entries.addAll(ownAddresses());
      entries.addAll(adminAddresses(env));
    }
    return Allowlist.of(entries);
  }

  /** The first field of {@code SSH_CLIENT} and {@code SSH_CONNECTION}: the admin's address. */
  static List<String> adminAddresses(Map<String, String> env) {
    List<String> out = new ArrayList<>();
    for (String k : List.of("SSH_CLIENT", "SSH_CONNECTION")) {
      String v = env.get(k);
      if (v != null && !v.isBlank()) {
        out.add(v.trim().split("\\s+")[0]);
      }
    }
    return out;
  }

  /** Every address of every interface of this machine (loopback too). */
  static List<String> ownAddresses() {
    List<String> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          String s = a.getHostAddress();
          int pct = s.indexOf('%');
          out.add(pct < 0 ? s : s.substring(0, pct));
        }
      }
    } catch (SocketException e) {
      // no interfaces readable: the configured allowlist still applies
    }
    out.add("127.0.0.0/8");
    out.add("::1");
    return out;
  }
}
