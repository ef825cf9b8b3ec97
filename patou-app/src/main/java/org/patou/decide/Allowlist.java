package org.patou.decide;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Addresses, ranges, host names and users that no decision may touch. An entry is an address
 * ({@code 192.0.2.7}, {@code 2001:db8::1}), a range ({@code 10.0.0.0/8}), a host name or a user
 * ({@code user:alice}). Host names are matched as given (by a decision of scope host); the caller
 * that may do I/O resolves them to addresses and adds those too. Immutable.
 */
public final class Allowlist {
  private final List<IPAddress> networks;
  private final Set<String> hosts;
  private final Set<String> users;
  private final List<String> entries;

  private Allowlist(List<IPAddress> networks, Set<String> hosts, Set<String> users, List<String> entries) {
    this.networks = networks;
    this.hosts = hosts;
    this.users = users;
    this.entries = entries;
  }

  public static final Allowlist EMPTY = of(List.of());

  /** An allowlist of these entries; an entry that is not an address or range is a host name. */
  public static Allowlist of(List<String> entries) {
    List<IPAddress> nets = new ArrayList<>();
    Set<String> hosts = new TreeSet<>();
    Set<String> users = new TreeSet<>();
    List<String> kept = new ArrayList<>();
    for (String raw : entries) {
      String e = raw.trim();
      if (e.isEmpty()) {
        continue;
      }
      kept.add(e);
      if (e.startsWith("user:")) {
        users.add(e.substring(5));
        continue;
      }
      IPAddress a = address(e);
      if (a != null) {
        nets.add(a.isPrefixed() ? a.toPrefixBlock() : a);
      } else {
        hosts.add(e.toLowerCase(Locale.ROOT));
      }
    }
    return new Allowlist(List.copyOf(nets), Set.copyOf(hosts), Set.copyOf(users), List.copyOf(kept));
  }

  /** This list plus more entries. */
  public Allowlist plus(List<String> more) {
    List<String> all = new ArrayList<>(entries);
    all.addAll(more);
    return of(all);
  }

  public List<String> entries() {
    return entries;
  }

  public List<String> hostNames() {
    return List.copyOf(hosts);
  }

  /** The allowlist entry that protects this value of this scope, or null when none does. */
  public String protects(Scope scope, String value) {
    if (scope == Scope.USER) {
      return users.contains(value) ? "user:" + value : null;
    }
    if (scope == Scope.EGRESS) {
      // Blocking a pair touches both ends: refused when either address is allowed.
      int arrow = value.indexOf(Scope.ARROW);
      if (arrow < 0) {
        return null;
      }
      String from = protects(Scope.IP, value.substring(0, arrow).trim());
      return from != null ? from : protects(Scope.IP, value.substring(arrow + Scope.ARROW.length()).trim());
    }
    if (scope == Scope.HOST) {
      if (hosts.contains(value.toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    IPAddress a = address(value);
    if (a == null) {
      return null;
    }
    if (a.isPrefixed()) {
      a = a.toPrefixBlock();
    }
    for (IPAddress n : networks) {
      if (n.getIPVersion() != a.getIPVersion()) {
        continue;
      }
      // A range decision is refused when it overlaps an allowed address or network at all.
      if (n.contains(a) || a.contains(n)) {
        return n.toCanonicalString();
      }
    }
    return null;
  }

  static IPAddress address(String s) {
    if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.indexOf(':') >= 0)) {
      return null;
    }
    IPAddressString as = new IPAddressString(s);
    return as.isIPAddress() ? as.getAddress() : null;
  }
}
