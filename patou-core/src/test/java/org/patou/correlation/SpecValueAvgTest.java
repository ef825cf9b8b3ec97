package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Specification example: Value Average: average BytesOut above 500 per source and user in a day. */
class SpecValueAvgTest {
  private static final long HOUR = 60 * MIN;

  final CorrelationRule avg = rule(
      "title: Suspicious average network traffic\n"
          + "correlation:\n"
          + "    type: value_avg\n"
          + "    rules:\n"
          + "        - rule_a_id\n"
          + "    group-by:\n"
          + "        - SourceIP\n"
          + "        - User\n"
          + "    timespan: 24h\n"
          + "    condition:\n"
          + "        field: BytesOut\n"
          + "        gt: 500\n");
  final CorrelationEngine engine = new CorrelationEngine(List.of(avg), 1000);
  final TestSupport.Sink sink = new TestSupport.Sink();

  void traffic(long bytes, long at) {
    engine.onMatch(base("rule_a_id", null),
        ev("SourceIP", "10.1.1.1", "User", "bob", "BytesOut", bytes), at, sink);
  }

  @Test
  void averageAboveFiveHundredFires() {
    traffic(400, T0);
    assertThat(sink.got).isEmpty();
    traffic(700, T0 + HOUR);
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).events()).extracting(e -> e.get("BytesOut"))
        .containsExactly(400L, 700L);
  }

  @Test
  void averageOfExactlyFiveHundredDoesNotFire() {
    traffic(400, T0);
    traffic(600, T0 + HOUR);
    assertThat(sink.got).isEmpty();
  }

  @Test
  void lowValuesThatExpireStopPullingTheAverageDown() {
    traffic(100, T0);
    traffic(800, T0 + 23 * HOUR); // avg 450 with the first
    assertThat(sink.got).isEmpty();
    traffic(300, T0 + 25 * HOUR); // first expired: (800 + 300) / 2 = 550
    assertThat(sink.got).hasSize(1);
  }
}
