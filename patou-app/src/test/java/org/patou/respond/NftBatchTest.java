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
}
