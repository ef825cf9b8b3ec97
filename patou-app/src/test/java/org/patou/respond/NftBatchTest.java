package org.patou.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patou.decide.Decision;
import org.patou.decide.Scope;

class NftBatchTest {
  @Test
  void rebuildIsOneAtomicBatch() {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    List<Decision> ds = List.of(
        DecisionStoreTest.ban("192.0.2.1", now, Duration.ofHours(4)),
        DecisionStoreTest.ban("2001:db8::1", now, Duration.ofMinutes(10)),
        DecisionStoreTest.ban("198.51.100.0/24", now, Duration.ofHours(1)),
        new Decision(0, "ban", Scope.USER, "bob", "x", "", "cli", now, now.plusSeconds(60), 0, 1, false),
        new Decision(0, "throttle", Scope.IP, "203.0.113.9", "x", "", "cli", now, now.plusSeconds(60), 0, 1, false),
        DecisionStoreTest.ban("192.0.2.9", now.minusSeconds(7200), Duration.ofHours(1)));
    String b = NftBatch.rebuild(ds, now, -10);
    assertThat(b).startsWith("add table inet patou\ndelete table inet patou\ntable inet patou {\n")
        .contains("set ban4 { type ipv4_addr; flags timeout; }")
        .contains("set ban6 { type ipv6_addr; flags timeout; }")
        .contains("add element inet patou ban4 { 192.0.2.1 timeout 14400s }")
        .contains("add element inet patou ban6 { 2001:db8::1 timeout 600s }")
        .contains("add element inet patou banr4 { 198.51.100.0/24 timeout 3600s }")
        .contains("add element inet patou thr4 { 203.0.113.9 timeout 60s }")
        .contains("ip saddr @thr4 update @thrm4 { ip saddr limit rate over 10/second burst 20 packets } drop")
        .doesNotContain("bob")
        .doesNotContain("192.0.2.9");
    assertThat(NftBatch.delete(ds.subList(0, 1))).isEqualTo("delete element inet patou ban4 { 192.0.2.1 }\n");
  }

  @Test
  void egressPairsGoToConcatenatedSetsInForwardAndOutput() {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    Decision v4 = new Decision(0, "ban", Scope.EGRESS, "10.0.0.5->203.0.113.9", "egress-new-destination", "", "patou",
        now, now.plusSeconds(3600), 1, 1, false);
    Decision v6 = new Decision(0, "ban", Scope.EGRESS, "fd00::5->2001:db8::9", "egress-new-destination", "", "patou",
        now, now.plusSeconds(60), 1, 1, false);
    Decision mixed = new Decision(0, "ban", Scope.EGRESS, "10.0.0.5->2001:db8::9", "x", "", "cli", now, now.plusSeconds(60), 1, 1, false);
    String b = NftBatch.rebuild(List.of(v4, v6, mixed), now, -10);
    assertThat(b).contains("set egress4 { type ipv4_addr . ipv4_addr; flags timeout; }")
        .contains("set egress6 { type ipv6_addr . ipv6_addr; flags timeout; }")
        .contains("chain output { type filter hook output priority -10; policy accept;\n"
            + "    ip saddr . ip daddr @egress4 drop\n    ip6 saddr . ip6 daddr @egress6 drop\n  }")
        .contains("add element inet patou egress4 { 10.0.0.5 . 203.0.113.9 timeout 3600s }")
        .contains("add element inet patou egress6 { fd00::5 . 2001:db8::9 timeout 60s }")
        .doesNotContain("10.0.0.5 . 2001:db8::9");
    // The forward chain (a gateway) drops the pairs too; the input chain does not need to.
    String forward = b.substring(b.indexOf("chain forward"), b.indexOf("chain output"));
    assertThat(forward).contains("ip saddr . ip daddr @egress4 drop");
    assertThat(NftBatch.delete(List.of(v4))).isEqualTo("delete element inet patou egress4 { 10.0.0.5 . 203.0.113.9 }\n");
  }

  @Test
  void accountingSetsAndTheirCounters() throws Exception {
    String b = NftBatch.rebuild(List.of(), Instant.parse("2026-11-26T10:00:00Z"), -10, true);
    assertThat(b).contains("set acct4 { type ipv4_addr . ipv4_addr; size 65535; flags dynamic, timeout; timeout 1h; counter; }")
        .contains("    ip saddr . ip daddr @egress4 drop\n    ip6 saddr . ip6 daddr @egress6 drop\n"
            + "    update @acct4 { ip saddr . ip daddr }\n    update @acct6 { ip6 saddr . ip6 daddr }\n");
    assertThat(NftBatch.rebuild(List.of(), Instant.parse("2026-11-26T10:00:00Z"), -10)).doesNotContain("acct4");
    // nft -j list set inet patou acct4, as nftables 1.0.6 prints it.
    String json = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}}, {\"set\": {\"family\": \"inet\","
        + " \"name\": \"acct4\", \"table\": \"patou\", \"type\": [\"ipv4_addr\", \"ipv4_addr\"], \"handle\": 2, \"size\": 65535,"
        + " \"flags\": [\"timeout\"], \"timeout\": 3600, \"elem\": [{\"elem\": {\"val\": {\"concat\": [\"10.9.9.1\", \"203.0.113.9\"]},"
        + " \"expires\": 3599, \"counter\": {\"packets\": 6, \"bytes\": 4812}}}], \"stmt\": [{\"counter\": null}]}}]}";
    assertThat(NftCounters.parse(json)).containsExactly(new NftCounters.Counter("10.9.9.1", "203.0.113.9", 6, 4812));
    assertThat(NftCounters.parse("{\"nftables\": [{\"set\": {\"name\": \"acct6\"}}]}")).isEmpty();
  }
}
