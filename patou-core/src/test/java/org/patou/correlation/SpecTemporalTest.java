package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Specification example: Temporal Proximity: recon commands a, b, c in any order within 5 minutes. */
class SpecTemporalTest {

  final CorrelationRule recon = rule(
      "title: Recon\n"
          + "correlation:\n"
          + "    type: temporal\n"
          + "    rules:\n"
          + "        - recon_cmd_a\n"
          + "        - recon_cmd_b\n"
          + "        - recon_cmd_c\n"
          + "    group-by:\n"
          + "        - ComputerName\n"
          + "        - User\n"
          + "    timespan: 5m\n");
  final CorrelationEngine engine = new CorrelationEngine(List.of(recon), 1000);
  final TestSupport.Sink sink = new TestSupport.Sink();

  void cmd(String which, String user, long at) {
    engine.onMatch(base(null, "recon_cmd_" + which),
        ev("ComputerName", "PC1", "User", user, "cmd", which), at, sink);
  }

  @Test
  void allThreeInAnyOrderWithinFiveMinutesFire() {
    cmd("c", "bob", T0);
    cmd("a", "bob", T0 + 2 * MIN);
    cmd("b", "bob", T0 + 4 * MIN);
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).events()).extracting(e -> e.get("cmd"))
        .containsExactly("c", "a", "b");
    assertThat(sink.got.get(0).timestamp()).isEqualTo(T0 + 4 * MIN);
  }

  @Test
  void twoOfThreeDoNotFire() {
    cmd("a", "bob", T0);
    cmd("b", "bob", T0 + MIN);
    cmd("a", "bob", T0 + 2 * MIN);
    assertThat(sink.got).isEmpty();
  }

  @Test
  void spreadOverMoreThanFiveMinutesDoesNotFire() {
    cmd("a", "bob", T0);
    cmd("b", "bob", T0 + 3 * MIN);
    cmd("c", "bob", T0 + 6 * MIN);
    assertThat(sink.got).isEmpty();
    cmd("a", "bob", T0 + 7 * MIN); // now b, c, a lie within 4 minutes
    assertThat(sink.got).hasSize(1);
  }

  @Test
  void anotherUserIsAnotherGroup() {
    cmd("a", "bob", T0);
    cmd("b", "bob", T0 + MIN);
    cmd("c", "alice", T0 + 2 * MIN);
    assertThat(sink.got).isEmpty();
  }
}
