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
import org.patou.sigma.rule.RuleInfo;

/** Specification example: Value Count: > 100 different users per source and destination in a day. */
class SpecValueCountTest {
  private static final long SEC = 1_000L;

  final CorrelationRule failedLogin = rule(
      "title: Failed login\n"
          + "id: 0e95725d-7320-415d-80f7-004da920fc12\n"
          + "correlation:\n"
          + "    type: value_count\n"
          + "    rules:\n"
          + "        - 5638f7c0-ac70-491d-8465-2a65075e0d86\n"
          + "    group-by:\n"
          + "        - ComputerName\n"
          + "        - WorkstationName\n"
          + "    timespan: 1d\n"
          + "    condition:\n"
          + "        field: User\n"
          + "        gte: 100\n");
  final RuleInfo failed = base("5638f7c0-ac70-491d-8465-2a65075e0d86", null);
  final CorrelationEngine engine = new CorrelationEngine(List.of(failedLogin), 1000);
  final TestSupport.Sink sink = new TestSupport.Sink();

  void login(String user, long at) {
    engine.onMatch(failed, ev("ComputerName", "SRV", "WorkstationName", "WS1", "User", user),
        at, sink);
  }

  @Test
  void hundredDistinctUsersInADayFire() {
    for (int i = 0; i < 100; i++) {
      login("user" + i, T0 + i * 10 * MIN);
    }
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).groupBy())
        .isEqualTo(Map.of("ComputerName", "SRV", "WorkstationName", "WS1"));
    assertThat(sink.got.get(0).events()).hasSize(100);
  }

  @Test
  void manyAttemptsOnFewUsersDoNotFire() {
    for (int i = 0; i < 500; i++) {
      login("user" + (i % 99), T0 + i * MIN);
    }
    assertThat(sink.got).isEmpty();
  }

  @Test
  void hundredUsersOverTwoDaysDoNotFire() {
    for (int i = 0; i < 100; i++) {
      login("user" + i, T0 + i * 30 * MIN); // 49.5 hours
    }
    assertThat(sink.got).isEmpty();
  }

  @Test
  void aDifferentWorkstationIsAnotherGroupAndAMissingOneIsSkipped() {
    for (int i = 0; i < 99; i++) {
      login("user" + i, T0 + i * SEC);
    }
    engine.onMatch(failed, ev("ComputerName", "SRV", "WorkstationName", "WS2", "User", "x"),
        T0 + 100 * SEC, sink);
    engine.onMatch(failed, ev("ComputerName", "SRV", "User", "y"), T0 + 101 * SEC, sink);
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().skipped()).isEqualTo(1);
  }
}
