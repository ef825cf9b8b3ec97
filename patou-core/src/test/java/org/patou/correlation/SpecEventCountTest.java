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
import org.patou.event.Event;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;

/** Specification example: Event Count: >= 100 failed logins to a destination host in an hour. */
class SpecEventCountTest {
  private static final long SEC = 1_000L;
  private static final long HOUR = 60 * MIN;

  final CorrelationRule many = rule(
      "title: Many failed logins\n"
          + "id: 0e95725d-7320-415d-80f7-004da920fc11\n"
          + "correlation:\n"
          + "    type: event_count\n"
          + "    rules:\n"
          + "        - 5638f7c0-ac70-491d-8465-2a65075e0d86\n"
          + "    group-by:\n"
          + "        - ComputerName\n"
          + "    timespan: 1h\n"
          + "    condition:\n"
          + "        gte: 100\n");
  final RuleInfo failed = base("5638f7c0-ac70-491d-8465-2a65075e0d86", null);

  List<Detection> run(int count, long step, String... hosts) {
    CorrelationEngine engine = new CorrelationEngine(List.of(many), 1000);
    TestSupport.Sink sink = new TestSupport.Sink();
    for (int i = 0; i < count; i++) {
      Event e = ev("ComputerName", hosts[i % hosts.length], "n", (long) i);
      engine.onMatch(failed, e, T0 + i * step, sink);
    }
    return sink.got;
  }

  @Test
  void hundredWithinTheHourFiresOnceOnTheHundredth() {
    List<Detection> got = run(100, 30 * SEC, "DC1");
    assertThat(got).hasSize(1);
    Detection d = got.get(0);
    assertThat(d.rule().title()).isEqualTo("Many failed logins");
    assertThat(d.rule().correlation()).isTrue();
    assertThat(d.groupBy()).isEqualTo(Map.of("ComputerName", "DC1"));
    assertThat(d.timestamp()).isEqualTo(T0 + 99 * 30 * SEC);
    assertThat(d.events()).hasSize(100);
    assertThat(d.event().get("n")).isEqualTo(99L);
    assertThat(d.events().get(0).get("n")).isEqualTo(0L);
  }

  @Test
  void ninetyNineDoNotFire() {
    assertThat(run(99, 30 * SEC, "DC1")).isEmpty();
  }

  @Test
  void hundredSpreadOverMoreThanAnHourDoNotFire() {
    // 100 events 37 s apart span 61 min: no 60-minute window holds 100.
    assertThat(run(100, 37 * SEC, "DC1")).isEmpty();
    // ...but exactly 60 minutes still counts (both ends inclusive): 99 gaps of 36.36 s.
    assertThat(run(100, HOUR / 99, "DC1")).hasSize(1);
  }

  @Test
  void differentHostsAreDifferentGroups() {
    assertThat(run(198, 10 * SEC, "DC1", "DC2")).isEmpty();
    assertThat(run(200, 10 * SEC, "DC1", "DC2")).hasSize(2)
        .extracting(d -> d.groupBy().get("ComputerName")).containsExactly("DC1", "DC2");
  }

  @Test
  void aLongerBurstFiresOncePerHundred() {
    assertThat(run(250, SEC, "DC1")).hasSize(2)
        .extracting(Detection::timestamp).containsExactly(T0 + 99 * SEC, T0 + 199 * SEC);
  }
}
