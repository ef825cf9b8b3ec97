package org.patou.respond;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.patou.decide.Decision;
import org.patou.decide.Scope;

/**
 * Builds {@code nft -f} batches for {@code table inet patou}: sets {@code ban4} ({@code
 * ipv4_addr}) and {@code ban6} ({@code ipv6_addr}) with {@code flags timeout} for addresses, sets
 * {@code banr4}/{@code banr6} with {@code flags interval, timeout} for ranges (kept apart so that
 * an address inside a banned range never makes an overlapping interval), and an input and a
 * forward chain that drop packets from all four. Throttle decisions (scope ip) go to {@code
 * thr4}/{@code thr6}: each such address may send {@value #THROTTLE} (a per-address meter, the
 * dynamic sets {@code thrm4}/{@code thrm6}); packets over it are dropped. Egress decisions (scope
 * egress, {@code SRC->DST}) go to {@code egress4} ({@code ipv4_addr . ipv4_addr}) and {@code
 * egress6} ({@code ipv6_addr . ipv6_addr}): the forward chain (patou on the gateway) and an output
 * chain (patou on the host itself) drop packets whose (source, destination) pair is in them, so
 * that host's traffic to that destination stops and nothing else does. A batch is applied by nft
 * in one transaction: all of it or nothing. Other decisions (users, hosts, throttled ranges) are
 * skipped here (a hook can take them).
 */
public final class NftBatch {
  public static final String TABLE = "patou";
  /** The rate a throttled address may send. */
  public static final String THROTTLE = "10/second burst 20 packets";
  /** Pairs the accounting sets hold at most (then new pairs are not counted until old ones expire). */
  public static final int ACCOUNT_SIZE = 65535;

  private NftBatch() {}

  /** The whole table, rebuilt: the previous one (if any) is deleted in the same transaction. */
  public static String rebuild(List<Decision> active, Instant now, int priority) {
    return rebuild(active, now, priority, false);
  }

  /**
   * As {@link #rebuild(List, Instant, int)}; with {@code account}, the forward and output chains
   * also count the packets they let through per (source, destination) pair, in the dynamic sets
   * {@code acct4}/{@code acct6} ({@code counter} per element, at most {@value #ACCOUNT_SIZE}
   * pairs, an element idle for an hour goes): what {@link NftCounters} reads for the egress view.
   */
  public static String rebuild(List<Decision> active, Instant now, int priority, boolean account) {
    StringBuilder b = new StringBuilder();
    b.append("add table inet ").append(TABLE).append('\n');
    b.append("delete table inet ").append(TABLE).append('\n');
    b.append("table inet ").append(TABLE).append(" {\n");
    b.append("  set ban4 { type ipv4_addr; flags timeout; }\n");
    b.append("  set ban6 { type ipv6_addr; flags timeout; }\n");
    b.append("  set banr4 { type ipv4_addr; flags interval, timeout; }\n");
    b.append("  set banr6 { type ipv6_addr; flags interval, timeout; }\n");
    b.append("  set thr4 { type ipv4_addr; flags timeout; }\n");
    b.append("  set thr6 { type ipv6_addr; flags timeout; }\n");
    b.append("  set thrm4 { type ipv4_addr; size 65535; flags dynamic, timeout; timeout 1m; }\n");
    b.append("  set thrm6 { type ipv6_addr; size 65535; flags dynamic, timeout; timeout 1m; }\n");
    b.append("  set egress4 { type ipv4_addr . ipv4_addr; flags timeout; }\n");
    b.append("  set egress6 { type ipv6_addr . ipv6_addr; flags timeout; }\n");
    if (account) {
      for (String f : new String[] {"4", "6"}) {
        b.append("  set acct").append(f).append(" { type ipv").append(f).append("_addr . ipv").append(f)
            .append("_addr; size ").append(ACCOUNT_SIZE).append("; flags dynamic, timeout; timeout 1h; counter; }\n");
      }
    }
    for (String hook : new String[] {"input", "forward"}) {
      b.append("  chain ").append(hook).append(" { type filter hook ").append(hook).append(" priority ")
          .append(priority).append("; policy accept;\n");
      b.append("    ip saddr @ban4 drop\n    ip6 saddr @ban6 drop\n");
      b.append("    ip saddr @banr4 drop\n    ip6 saddr @banr6 drop\n");
      b.append("    ip saddr @thr4 update @thrm4 { ip saddr limit rate over ").append(THROTTLE).append(" } drop\n");
      b.append("    ip6 saddr @thr6 update @thrm6 { ip6 saddr limit rate over ").append(THROTTLE).append(" } drop\n");
      if (hook.equals("forward")) {
        egressRules(b, account);
      }
      b.append("  }\n");
    }
    b.append("  chain output { type filter hook output priority ").append(priority).append("; policy accept;\n");
    egressRules(b, account);
    b.append("  }\n");
    b.append("}\n");
    elements(b, "add", active, now);
    return b.toString();
  }

  private static void egressRules(StringBuilder b, boolean account) {
    b.append("    ip saddr . ip daddr @egress4 drop\n    ip6 saddr . ip6 daddr @egress6 drop\n");
    if (account) {
      // After the drops: only what actually left is counted.
      b.append("    update @acct4 { ip saddr . ip daddr }\n    update @acct6 { ip6 saddr . ip6 daddr }\n");
    }
  }

  /** Adds elements (the table must exist). */
  public static String add(List<Decision> decisions, Instant now) {
    StringBuilder b = new StringBuilder();
    elements(b, "add", decisions, now);
    return b.toString();
  }

  /** Deletes elements. */
  public static String delete(List<Decision> decisions) {
    StringBuilder b = new StringBuilder();
    for (Decision d : decisions) {
      String e = element(d);
      if (e != null) {
        b.append("delete element inet ").append(TABLE).append(' ').append(setOf(d)).append(" { ").append(e).append(" }\n");
      }
    }
    return b.toString();
  }

  private static void elements(StringBuilder b, String verb, List<Decision> ds, Instant now) {
    for (Decision d : ds) {
      String e = element(d);
      if (e == null || d.dryRun()) {
        continue;
      }
      long s = Duration.between(now, d.until()).getSeconds();
      if (s <= 0) {
        continue;
      }
      b.append(verb).append(" element inet ").append(TABLE).append(' ').append(setOf(d))
          .append(" { ").append(e).append(" timeout ").append(s).append("s }\n");
    }
  }

  /** The element text of a decision (an address or a network), or null when nft cannot enforce it. */
  static String element(Decision d) {
    if (d.scope() == Scope.EGRESS) {
      IPAddress[] p = "ban".equals(d.type()) ? Scope.egressParts(d.value()) : null;
      return p == null ? null : p[0].toCanonicalString() + " . " + p[1].toCanonicalString();
    }
    boolean ban = "ban".equals(d.type()) && (d.scope() == Scope.IP || d.scope() == Scope.RANGE);
    boolean throttle = "throttle".equals(d.type()) && d.scope() == Scope.IP;
    if (!ban && !throttle) {
      return null;
    }
    IPAddress a = new IPAddressString(d.value()).getAddress();
    if (a == null) {
      return null;
    }
    if (a.isPrefixed() && a.getNetworkPrefixLength() < a.getBitCount()) {
      return a.toPrefixBlock().toCanonicalString();
    }
    return a.withoutPrefixLength().toCanonicalString();
  }

  static String setOf(Decision d) {
    if (d.scope() == Scope.EGRESS) {
      IPAddress[] p = Scope.egressParts(d.value());
      return "egress" + (p != null && p[0].isIPv6() ? "6" : "4");
    }
    IPAddress a = new IPAddressString(d.value()).getAddress();
    boolean range = a != null && a.isPrefixed() && a.getNetworkPrefixLength() < a.getBitCount();
    String kind = "throttle".equals(d.type()) ? "thr" : range ? "banr" : "ban";
    return kind + (a != null && a.isIPv6() ? "6" : "4");
  }
}
