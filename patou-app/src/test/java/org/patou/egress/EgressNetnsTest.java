package org.patou.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.patou.respond.Commands;
import org.patou.respond.NftablesEnforcer;
import org.patou.testing.Netns;

/**
 * An egress decision enforced for real, in three network namespaces made by the test: {@code lan}
 * (two internal hosts, 10.233.1.2 and .3, fd00:233:1::2 and ::3), {@code gw} (the gateway that
 * forwards and runs patou's table) and {@code out} (two outside addresses, 198.51.100.10 and .11,
 * 2001:db8:233::10 and ::11, with a TCP sink on port 7777). A transfer from .2 to .10 is running;
 * the engine flags it from its byte count, the decision goes into the gateway's {@code egress4}
 * set, and the transfer stalls, while .2 to .11 and .3 to .10 still go through (and the same for
 * IPv6). Skipped, saying why, when not root or when nft, ip or python3 are missing.
 */
class EgressNetnsTest {
  private final String lan = "patou-elan-" + ProcessHandle.current().pid();
  private final String gw = "patou-egw-" + ProcessHandle.current().pid();
  private final String out = "patou-eout-" + ProcessHandle.current().pid();
  private final Netns netns = new Netns();

  /** Sends N bytes (or forever when N is 0, about 8 MB/s) to DST:7777 from SRC; prints progress, then ok or fail. */
  private static final String SENDER = "import socket,sys,time\n"
      + "src,dst,n=sys.argv[1],sys.argv[2],int(sys.argv[3])\n"
      + "fam=socket.AF_INET6 if ':' in dst else socket.AF_INET\n"
      + "s=socket.socket(fam); s.settimeout(3); s.bind((src,0)); sent=0; last=time.time(); chunk=b'x'*65536\n"
      + "try:\n"
      + "  s.connect((dst,7777))\n"
      + "  while n==0 or sent<n:\n"
      + "    sent+=s.send(chunk if n==0 else chunk[:min(65536,n-sent)])\n"
      + "    if n==0:\n"
      + "      time.sleep(0.008)\n"
      + "      if time.time()-last>0.2: print('sent',sent,flush=True); last=time.time()\n"
      + "  s.shutdown(socket.SHUT_WR); print('ok', s.recv(64).decode(), flush=True)\n"
      + "except Exception as e:\n"
      + "  print('fail', type(e).__name__, sent, flush=True)\n";

  private static final String SINK = "import socket,threading\n"
      + "def handle(c):\n"
      + "  n=0\n"
      + "  while True:\n"
      + "    b=c.recv(65536)\n"
      + "    if not b: break\n"
      + "    n+=len(b)\n"
      + "  c.sendall(str(n).encode()); c.close()\n"
      + "def serve(fam, addr):\n"
      + "  s=socket.socket(fam); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
      + "  if fam==socket.AF_INET6: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)\n"
      + "  s.bind((addr, 7777)); s.listen(64)\n"
      + "  while True:\n"
      + "    c,_=s.accept(); threading.Thread(target=handle, args=(c,), daemon=True).start()\n"
      + "threading.Thread(target=serve, args=(socket.AF_INET6,'::'), daemon=True).start()\n"
      + "serve(socket.AF_INET,'0.0.0.0')\n";

  private static Commands.Result sh(String... cmd) throws IOException {
    return Netns.sh(cmd);
  }

  @BeforeEach
  void setUp() throws Exception {
    Netns.assumeUsable();
    netns.add(lan, gw, out);
    Netns.veth(gw, "gw-lan", lan, "lan0");
    Netns.veth(gw, "gw-out", out, "out0");
    addr(gw, "gw-lan", "10.233.1.1/24", "fd00:233:1::1/64");
    addr(gw, "gw-out", "198.51.100.1/24", "2001:db8:233::1/64");
    addr(lan, "lan0", "10.233.1.2/24", "10.233.1.3/24", "fd00:233:1::2/64", "fd00:233:1::3/64");
    addr(out, "out0", "198.51.100.10/24", "198.51.100.11/24", "2001:db8:233::10/64", "2001:db8:233::11/64");
    Netns.must("ip", "-n", lan, "route", "add", "default", "via", "10.233.1.1");
    Netns.must("ip", "-n", lan, "-6", "route", "add", "default", "via", "fd00:233:1::1");
    Netns.must("ip", "-n", out, "route", "add", "default", "via", "198.51.100.1");
    Netns.must("ip", "-n", out, "-6", "route", "add", "default", "via", "2001:db8:233::1");
    Netns.must("ip", "netns", "exec", gw, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    Netns.must("ip", "netns", "exec", gw, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
    netns.python(out, SINK);
    for (int i = 0; i < 50 && !send("10.233.1.2", "198.51.100.10", 1).startsWith("ok"); i++) {
      Thread.sleep(100);
    }
  }

  private static void addr(String ns, String dev, String... cidrs) throws IOException {
    Netns.addr(ns, dev, cidrs);
  }

  @AfterEach
  void tearDown() throws Exception {
    netns.close();
  }

  /** A finished transfer of n bytes: "ok N" (N: what the sink received) or "fail ...". */
  private String send(String from, String to, int n) throws IOException {
    return sh("ip", "netns", "exec", lan, "python3", "-c", SENDER, from, to, Integer.toString(n)).output().strip();
  }

  /** The host's usual traffic as Zeek would have logged it: two days of small transfers to two places. */
  private static EgressEngine engineWithHistory(Instant now, String host) {
    EgressEngine e = new EgressEngine(EgressPolicy.DEFAULT.withInternal(Networks.of(List.of("10.233.1.0/24", "fd00:233:1::/64"))));
    for (int h = 48; h > 0; h--) {
      Instant at = now.minus(Duration.ofHours(h));
      e.add(new Flow(at, host, "192.0.2.80", 20_000 + h * 100, 443, "tcp"));
      e.add(new Flow(at.plusSeconds(5), host, "192.0.2.81", 50_000 + h * 300, 443, "tcp"));
    }
    return e;
  }

  @Test
  void runningTransferIsCutOtherTrafficIsUntouched() throws Exception {
    NftablesEnforcer nft = new NftablesEnforcer(List.of("ip", "netns", "exec", gw, "nft"), -10);
    nft.reconcile(List.of(), Instant.now());
    EgressPolicy policy = EgressPolicy.DEFAULT.withBlock(true);
    EgressDecisions decisions = new EgressDecisions(policy, new Decider(Allowlist.of(List.of("192.0.2.0/24"))));

    Process upload = netns.python(lan, SENDER, "10.233.1.2", "198.51.100.10", "0");
    BufferedReader progress = new BufferedReader(new InputStreamReader(upload.getInputStream(), StandardCharsets.UTF_8));
    long sent = 0;
    for (String l = progress.readLine(); l != null && sent < 4_000_000; l = progress.readLine()) {
      assertThat(l).as("the upload runs before the decision").startsWith("sent ");
      sent = Long.parseLong(l.substring(5));
    }
    assertThat(sent).as("uploaded before the decision").isGreaterThanOrEqualTo(4_000_000);

    // What the sensor reports of the running upload goes through the engine: flagged, decided, enforced.
    Instant now = Instant.now();
    EgressEngine engine = engineWithHistory(now, "10.233.1.2");
    Transfer t = engine.add(new Flow(now, "10.233.1.2", "198.51.100.10", sent, 7777, "tcp"));
    assertThat(t).as("a %d-byte upload to a new destination", sent).isNotNull();
    assertThat(t.rule()).isEqualTo("baseline");
    Decision d = decisions.decide(t, now).decision();
    assertThat(d.value()).isEqualTo("10.233.1.2->198.51.100.10");
    nft.apply(List.of(d), Instant.now());

    // The upload stalls: its send times out (3 s) and it reports the failure.
    assertThat(upload.waitFor(20, TimeUnit.SECONDS)).as("upload ended after the decision").isTrue();
    String last = null;
    for (String l = progress.readLine(); l != null; l = progress.readLine()) {
      last = l;
    }
    assertThat(last).as("upload's last words").matches("fail (TimeoutError|timeout) \\d+");
    // Only what the socket buffers held after the decision went out (a few MB at most), not the rest.
    assertThat(Long.parseLong(last.substring(last.lastIndexOf(' ') + 1)) - sent).isLessThan(16_000_000);
    assertThat(send("10.233.1.2", "198.51.100.10", 100_000)).as("a new connection on the blocked pair").startsWith("fail");
    // Everything else passes: the same host to another destination, another host to that destination.
    assertThat(send("10.233.1.2", "198.51.100.11", 2_000_000)).isEqualTo("ok 2000000");
    assertThat(send("10.233.1.3", "198.51.100.10", 2_000_000)).isEqualTo("ok 2000000");
    assertThat(sh("ip", "netns", "exec", gw, "nft", "list", "set", "inet", "patou", "egress4").output())
        .contains("10.233.1.2 . 198.51.100.10").contains("expires");

    // IPv6: the same, through the egress6 set.
    EgressEngine engine6 = new EgressEngine(policy.withInternal(Networks.of(List.of("fd00:233:1::/64"))));
    Transfer t6 = engine6.add(new Flow(now, "fd00:233:1::2", "2001:db8:233::10", 2L << 30, 7777, "tcp"));
    assertThat(t6.rule()).isEqualTo("absolute");
    assertThat(send("fd00:233:1::2", "2001:db8:233::10", 100_000)).as("v6 before").isEqualTo("ok 100000");
    nft.apply(List.of(decisions.decide(t6, now).decision()), Instant.now());
    assertThat(send("fd00:233:1::2", "2001:db8:233::10", 100_000)).as("v6 blocked pair").startsWith("fail");
    assertThat(send("fd00:233:1::2", "2001:db8:233::11", 100_000)).as("v6 same host, other destination").isEqualTo("ok 100000");
    assertThat(send("fd00:233:1::3", "2001:db8:233::10", 100_000)).as("v6 other host, same destination").isEqualTo("ok 100000");

    // An allowlisted destination is never blocked, however large the transfer.
    Transfer toAllowed = engine.add(new Flow(now, "10.233.1.2", "192.0.2.99", 2L << 30, 443, "tcp"));
    assertThat(decisions.decide(toAllowed, now).refused()).isEqualTo("192.0.2.0/24");
  }

  @Test
  void nftablesCountersFeedTheViewAndTheirTransferIsBlocked(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    NftablesEnforcer nft = new NftablesEnforcer(List.of("ip", "netns", "exec", gw, "nft"), -10, true);
    EgressPolicy policy = new EgressPolicy(Networks.of(List.of("10.233.1.0/24")), Duration.ofHours(1), Duration.ofDays(1),
        1000, 100, 24, 256, 20, 6, 2, 1L << 20, 2_000_000, true, Duration.ofHours(1), Duration.ofSeconds(1));
    EgressEngine engine = new EgressEngine(policy);
    try (org.patou.store.StateDb db = new org.patou.store.StateDb(dir.resolve("state"))) {
      org.patou.store.AlertStore alerts = new org.patou.store.AlertStore(db);
      EgressObserver obs = new EgressObserver(engine, new EgressDecisions(policy, new Decider(Allowlist.EMPTY)), alerts,
          dir.resolve("data"), List.of(nft), System.currentTimeMillis()).counters(nft);
      obs.reconcile();
      // 1.5 MB and 0.5 MB: counted (IP bytes: payload plus headers), under the 2 MB absolute threshold.
      assertThat(send("10.233.1.2", "198.51.100.10", 1_500_000)).isEqualTo("ok 1500000");
      assertThat(send("10.233.1.3", "198.51.100.11", 500_000)).isEqualTo("ok 500000");
      obs.pollCounters();
      long first = bytes(engine, "10.233.1.2", "198.51.100.10");
      assertThat(first).isBetween(1_500_000L, 1_650_000L);
      assertThat(bytes(engine, "10.233.1.3", "198.51.100.11")).isBetween(500_000L, 550_000L);
      assertThat(engine.view()).extracting(EgressEngine.HostView::host).containsExactlyInAnyOrder("10.233.1.2", "10.233.1.3");
      assertThat(obs.raised()).isZero();
      // Another 1 MB on the same pair: the next reading adds only the growth; the bucket's total crosses 2 MB.
      assertThat(send("10.233.1.2", "198.51.100.10", 1_000_000)).isEqualTo("ok 1000000");
      obs.pollCounters();
      assertThat(bytes(engine, "10.233.1.2", "198.51.100.10") - first).isBetween(1_000_000L, 1_100_000L);
      assertThat(obs.raised()).isEqualTo(1);
      assertThat(alerts.search(EgressObserver.RULE_ID, 0, Long.MAX_VALUE, 10).alerts().get(0).entities().get("destination.ip"))
          .containsExactly("198.51.100.10");
      // The decision was enforced at the reading: the pair is cut, the rest passes.
      assertThat(send("10.233.1.2", "198.51.100.10", 100_000)).startsWith("fail");
      assertThat(send("10.233.1.2", "198.51.100.11", 100_000)).isEqualTo("ok 100000");
      assertThat(send("10.233.1.3", "198.51.100.10", 100_000)).isEqualTo("ok 100000");
      // Something rebuilt the table without accounting: the next reading fails and puts it back.
      sh("ip", "netns", "exec", gw, "nft", "delete", "table", "inet", "patou");
      obs.pollCounters();
      assertThat(sh("ip", "netns", "exec", gw, "nft", "list", "set", "inet", "patou", "acct4").output()).contains("counter");
      assertThat(send("10.233.1.2", "198.51.100.10", 100_000)).as("decision rebuilt from the store").startsWith("fail");
    }
  }

  private static long bytes(EgressEngine e, String host, String dst) {
    return e.view().stream().filter(h -> h.host().equals(host)).flatMap(h -> h.destinations().stream())
        .filter(p -> p.destination().equals(dst)).mapToLong(EgressEngine.PairView::bytes).sum();
  }
}
