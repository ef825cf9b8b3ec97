package org.patou.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Scope;
import org.patou.event.EventBuilder;

class EgressEngineTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final String HOST = "10.0.0.5";

  /** Two days of a host's ordinary traffic: each hour, 100 KB to 2 MB to each of five usual destinations. */
  private static EgressEngine withHistory(EgressPolicy policy) {
    EgressEngine e = new EgressEngine(policy);
    Random r = new Random(42);
    for (int h = 0; h < 48; h++) {
      for (int d = 1; d <= 5; d++) {
        Transfer t = e.add(new Flow(T0.plus(Duration.ofHours(h)).plusSeconds(d * 60L), HOST, "198.51.100." + d,
            100_000 + r.nextInt(1_900_000), 443, "tcp"));
        assertThat(t).as("ordinary traffic is not flagged").isNull();
      }
    }
    return e;
  }

  @Test
  void largeTransferToNewDestinationIsFlaggedNormalOneIsNot() {
    EgressEngine e = withHistory(EgressPolicy.DEFAULT);
    Instant at = T0.plus(Duration.ofHours(48)).plusSeconds(30);
    // A normal-sized transfer (1.5 MB) to a destination never seen: inside the baseline, not flagged.
    assertThat(e.add(new Flow(at, HOST, "203.0.113.20", 1_500_000, 443, "tcp"))).isNull();
    // 200 MB to another new destination, in four connections: flagged once, when the total crosses.
    List<Transfer> flagged = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Transfer t = e.add(new Flow(at.plusSeconds(10 + i), HOST, "203.0.113.66", 50_000_000, 443, "tcp"));
      if (t != null) {
        flagged.add(t);
      }
    }
    assertThat(flagged).hasSize(1);
    Transfer t = flagged.get(0);
    assertThat(t.host()).isEqualTo(HOST);
    assertThat(t.destination()).isEqualTo("203.0.113.66");
    assertThat(t.rule()).isEqualTo("baseline");
    assertThat(t.samples()).isEqualTo(240); // 48 closed hours × 5 destinations
    assertThat(t.bytes()).isGreaterThan((long) t.threshold()).isLessThanOrEqualTo(200_000_000L);
    assertThat(t.threshold()).isBetween(2_000_000.0, 10_000_000.0);
    assertThat(t.z()).isGreaterThan(EgressPolicy.DEFAULT.z());
    // The same 200 MB to a usual destination is not "new": not flagged.
    assertThat(e.add(new Flow(at.plusSeconds(20), HOST, "198.51.100.3", 200_000_000, 443, "tcp"))).isNull();
    // Another host with no baseline: only the absolute threshold (1 GiB) applies.
    assertThat(e.add(new Flow(at, "10.0.0.6", "203.0.113.66", 500_000_000, 443, "tcp"))).isNull();
    Transfer abs = e.add(new Flow(at.plusSeconds(1), "10.0.0.6", "203.0.113.66", 600_000_000, 443, "tcp"));
    assertThat(abs).isNotNull();
    assertThat(abs.rule()).isEqualTo("absolute");
    assertThat(Double.isNaN(abs.threshold())).isTrue();
  }

  @Test
  void onlyDataLeavingInternalHostsCounts() {
    EgressEngine e = new EgressEngine(EgressPolicy.DEFAULT);
    e.add(new Flow(T0, "203.0.113.1", "10.0.0.5", 5_000, 22, "tcp")); // inbound
    e.add(new Flow(T0, "10.0.0.5", "10.0.0.6", 5_000, 445, "tcp")); // internal to internal
    e.add(new Flow(T0, "fd00::5", "2001:db8::1", 700, 443, "tcp")); // ULA host to outside
    e.add(new Flow(T0, "10.0.0.5", "203.0.113.1", 300, 443, "tcp"));
    e.add(new Flow(T0.plusSeconds(4000), "10.0.0.5", "203.0.113.1", 200, 443, "tcp"));
    assertThat(e.flows()).isEqualTo(3);
    assertThat(e.ignored()).isEqualTo(2);
    List<EgressEngine.HostView> v = e.view();
    assertThat(v).extracting(EgressEngine.HostView::host).containsExactly("fd00::5", "10.0.0.5");
    EgressEngine.PairView p = v.get(1).destinations().get(0);
    assertThat(p.bytes()).isEqualTo(500);
    assertThat(p.buckets()).containsExactly(new EgressEngine.Bucket(T0, 300, 1),
        new EgressEngine.Bucket(Instant.parse("2026-11-01T01:00:00Z"), 200, 1));
    // The first hour's transfer joined the host's baseline when the host moved to the next hour.
    assertThat(v.get(1).samples()).isEqualTo(1);
    assertThat(v.get(1).median()).isEqualTo(300);
  }

  @Test
  void memoryIsBoundedUnderAFloodOfDestinations() {
    EgressPolicy p = new EgressPolicy(Networks.of(Networks.PRIVATE), Duration.ofHours(1), Duration.ofDays(1), 100, 3, 2,
        16, 20, 6, 2, 1L << 20, 1L << 30, false, Duration.ofHours(4), Duration.ZERO);
    EgressEngine e = new EgressEngine(p);
    for (int i = 0; i < 10_000; i++) {
      e.add(new Flow(T0.plusSeconds(i), "10.0.0." + (1 + i % 5), "100.64." + (i / 250) + "." + (i % 250), 10, 443, "tcp"));
    }
    assertThat(e.pairCount()).isEqualTo(100);
    assertThat(e.pairEvictions()).isEqualTo(9_900);
    assertThat(e.view()).hasSize(3);
    assertThat(e.hostEvictions()).isGreaterThan(0);
    for (EgressEngine.HostView h : e.view()) {
      for (EgressEngine.PairView pv : h.destinations()) {
        assertThat(pv.buckets().size()).isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void decisionsBlockThePairUnlessEitherEndIsAllowlisted() {
    EgressPolicy policy = EgressPolicy.DEFAULT.withBlock(true);
    Allowlist allow = Allowlist.of(List.of("192.0.2.0/24", "10.0.0.99"));
    EgressDecisions d = new EgressDecisions(policy, new Decider(allow));
    Instant at = T0;
    Transfer t = new Transfer(HOST, "203.0.113.66", at, at, at, 2L << 30, 3, "absolute", Double.NaN, 0, 0, 0, 0);
    Decider.Outcome o = d.decide(t);
    assertThat(o.decision().scope()).isEqualTo(Scope.EGRESS);
    assertThat(o.decision().value()).isEqualTo("10.0.0.5->203.0.113.66");
    assertThat(o.decision().type()).isEqualTo("ban");
    assertThat(o.decision().duration()).isEqualTo(Duration.ofHours(4));
    assertThat(o.decision().scenario()).isEqualTo(EgressDecisions.SCENARIO);
    // An active decision on the pair: no second one.
    assertThat(d.decide(t)).isNull();
    Transfer toAllowed = new Transfer(HOST, "192.0.2.10", at, at, at, 2L << 30, 3, "absolute", Double.NaN, 0, 0, 0, 0);
    assertThat(d.decide(toAllowed).refused()).isEqualTo("192.0.2.0/24");
    Transfer fromAllowed = new Transfer("10.0.0.99", "203.0.113.66", at, at, at, 2L << 30, 3, "absolute", Double.NaN, 0, 0, 0, 0);
    assertThat(d.decide(fromAllowed).refused()).isEqualTo("10.0.0.99");
    // A policy that does not block takes no decision.
    assertThat(new EgressDecisions(EgressPolicy.DEFAULT, new Decider(allow)).decide(t)).isNull();
  }

  @Test
  void flowsFromZeekFirewallLinesAndEvents() throws Exception {
    String tsv = "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\torig_bytes\n"
        + "1655071198.444458\tC1\t10.0.0.5\t5000\t203.0.113.9\t443\ttcp\t1596\n"
        + "1655071199.5\tC2\t10.0.0.5\t5001\t203.0.113.9\t443\tudp\t-\n"
        + "{\"ts\":\"2022-06-12T22:00:00Z\",\"id.orig_h\":\"fd00::1\",\"id.resp_h\":\"2001:db8::1\",\"id.resp_p\":53,\"proto\":\"udp\",\"orig_bytes\":40}\n";
    List<Flow> fs = new ArrayList<>();
    assertThat(ConnLog.read("conn.log", new BufferedReader(new StringReader(tsv)), fs::add)).isEqualTo(3);
    assertThat(fs.get(0)).isEqualTo(new Flow(Instant.parse("2022-06-12T21:59:58.444Z"), "10.0.0.5", "203.0.113.9", 1596, 443, "tcp"));
    assertThat(fs.get(1).bytes()).isZero();
    assertThat(fs.get(2).destination()).isEqualTo("2001:db8::1");
    assertThatThrownBy(() -> ConnLog.read("c.log", new BufferedReader(new StringReader("#fields\tts\tid.orig_h\tid.resp_h\torig_bytes\n1\t10.0.0.1\t10.0.0.2\tlots\n")), f -> { }))
        .hasMessage("c.log:2: orig_bytes: not a count: 'lots'");
    assertThatThrownBy(() -> ConnLog.read("c.log", new BufferedReader(new StringReader("hello\n")), f -> { }))
        .hasMessageStartingWith("c.log:1: data before the #fields header");

    Flow pkt = FirewallLog.parse(T0, "patou-egress: IN=eth1 OUT=eth0 MAC=00:11 SRC=10.0.0.5 DST=203.0.113.9 LEN=1500 TOS=0x00 "
        + "PREC=0x00 TTL=63 ID=1 DF PROTO=UDP SPT=5000 DPT=53 LEN=1480");
    assertThat(pkt).isEqualTo(new Flow(T0, "10.0.0.5", "203.0.113.9", 1500, 53, "udp"));
    assertThat(FirewallLog.parse(T0, "sshd[1]: Accepted password for bob")).isNull();

    EventBuilder ev = new EventBuilder().add("event.dataset", "zeek.conn").add("@timestamp", "2026-11-26T10:00:00Z")
        .add("source.ip", "10.0.0.5").add("destination.ip", "203.0.113.9").add("destination.port", 443L)
        .add("network.transport", "tcp").add("source.bytes", 1234L);
    assertThat(EventFlows.of(ev.build(), 0)).isEqualTo(new Flow(Instant.parse("2026-11-26T10:00:00Z"), "10.0.0.5", "203.0.113.9", 1234, 443, "tcp"));
    assertThat(EventFlows.of(new EventBuilder().add("message", "Accepted password for bob").build(), 0)).isNull();
  }

  @Test
  void policyFromConfiguration() {
    EgressPolicy p = EgressPolicy.of(Map.of("internal", List.of("147.32.0.0/16"), "bucket", "15m", "min_bytes", "10M",
        "absolute_bytes", 0, "block", true, "z", 4));
    assertThat(p.internal().contains("147.32.81.167")).isTrue();
    assertThat(p.internal().contains("10.0.0.1")).isFalse();
    assertThat(p.bucket()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.minBytes()).isEqualTo(10L << 20);
    assertThat(p.absoluteBytes()).isZero();
    assertThat(p.block()).isTrue();
    assertThat(p.z()).isEqualTo(4);
    assertThatThrownBy(() -> EgressPolicy.of(Map.of("treshold", 1))).hasMessageContaining("unknown key 'egress.treshold'");
    assertThatThrownBy(() -> EgressPolicy.of(Map.of("internal", "10.0.0.0/33"))).hasMessageContaining("egress.internal");
    assertThatThrownBy(() -> EgressPolicy.of(Map.of("min_bytes", "ten"))).hasMessageContaining("egress.min_bytes");
  }

  @Test
  void counterReadingsBecomeFlowsOfTheirGrowth() {
    CounterFlows c = new CounterFlows(10);
    Instant t1 = T0;
    Instant t2 = T0.plusSeconds(60);
    Instant t3 = T0.plusSeconds(120);
    org.patou.respond.NftCounters.Counter a1 = new org.patou.respond.NftCounters.Counter("10.0.0.5", "203.0.113.9", 10, 5000);
    assertThat(c.read(List.of(a1), t1)).containsExactly(new Flow(t1, "10.0.0.5", "203.0.113.9", 5000, -1, ""));
    org.patou.respond.NftCounters.Counter a2 = new org.patou.respond.NftCounters.Counter("10.0.0.5", "203.0.113.9", 12, 7000);
    assertThat(c.read(List.of(a2), t2)).containsExactly(new Flow(t2, "10.0.0.5", "203.0.113.9", 2000, -1, ""));
    assertThat(c.read(List.of(a2), t3)).isEmpty();
    // The element expired and came back: its counter restarted.
    org.patou.respond.NftCounters.Counter a3 = new org.patou.respond.NftCounters.Counter("10.0.0.5", "203.0.113.9", 1, 300);
    assertThat(c.read(List.of(a3), t3)).containsExactly(new Flow(t3, "10.0.0.5", "203.0.113.9", 300, -1, ""));
  }
}
