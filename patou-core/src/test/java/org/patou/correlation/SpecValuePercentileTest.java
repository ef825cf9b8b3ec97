package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patou.sigma.match.Detection;

/** Specification example: Value Percentile: a process name in at most 1% of a computer's processes in 24h. */
class SpecValuePercentileTest {
  private static final long HOUR = 60 * MIN;

  final CorrelationRule rare = rule(
      "title: A computer spawned a processes name in the last 24h than 1% of all the"
          + " processes.\n"
          + "correlation:\n"
          + "    type: value_percentile\n"
          + "    rules:\n"
          + "        - process_creation\n"
          + "    group-by:\n"
          + "        - ComputerName\n"
          + "    timespan: 24h\n"
          + "    condition:\n"
          + "        field: image\n"
          + "        lte: 1\n");
  final CorrelationEngine engine = new CorrelationEngine(List.of(rare), 1000);
  final TestSupport.Sink sink = new TestSupport.Sink();

  void process(String computer, String image, long at) {
    engine.onMatch(base(null, "process_creation"),
        ev("ComputerName", computer, "image", image), at, sink);
  }

  @Test
  void aProcessUnderOnePercentFires() {
    for (int i = 0; i < 100; i++) {
      process("PC1", "svchost.exe", T0 + i * MIN);
    }
    process("PC1", "evil.exe", T0 + 101 * MIN); // 1 of 101 = 0.99 %
    assertThat(sink.got).hasSize(1);
    Detection d = sink.got.get(0);
    assertThat(d.event().get("image")).isEqualTo("evil.exe");
    assertThat(d.events()).hasSize(1);
    assertThat(d.groupBy()).isEqualTo(Map.of("ComputerName", "PC1"));
    process("PC1", "svchost.exe", T0 + 102 * MIN); // common: no detection
    process("PC1", "other.exe", T0 + 103 * MIN); // another rare one fires too
    assertThat(sink.got).hasSize(2);
  }

  @Test
  void aProcessAboveOnePercentDoesNotFire() {
    for (int i = 0; i < 50; i++) {
      process("PC1", "svchost.exe", T0 + i * MIN);
    }
    process("PC1", "evil.exe", T0 + 51 * MIN); // 1 of 51 = 1.96 %
    assertThat(sink.got).isEmpty();
  }

  @Test
  void theBaselineIsPerComputerAndPerDay() {
    for (int i = 0; i < 100; i++) {
      process("PC1", "svchost.exe", T0 + i * MIN);
    }
    process("PC2", "evil.exe", T0 + 101 * MIN); // PC2 has no baseline: 100 %
    process("PC1", "evil.exe", T0 + 100 * MIN + 25 * HOUR); // PC1's baseline expired
    assertThat(sink.got).isEmpty();
  }
}
