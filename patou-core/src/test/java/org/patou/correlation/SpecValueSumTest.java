package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Specification example: Value Sum: more than 1,000,000 bytes sent per source and user in an hour. */
class SpecValueSumTest {

  final CorrelationRule exfil = rule(
      "title: Possible Exfiltration to Website\n"
          + "correlation:\n"
          + "    type: value_sum\n"
          + "    rules:\n"
          + "        - website_access\n"
          + "    group-by:\n"
          + "        - SourceIP\n"
          + "        - User\n"
          + "    timespan: 1h\n"
          + "    condition:\n"
          + "        field: bytes_sent\n"
          + "        gt: 1000000\n");
  final CorrelationEngine engine = new CorrelationEngine(List.of(exfil), 1000);
  final TestSupport.Sink sink = new TestSupport.Sink();

  void access(String user, Object bytes, long at) {
    engine.onMatch(base(null, "website_access"),
        ev("SourceIP", "10.1.1.1", "User", user, "bytes_sent", bytes), at, sink);
  }

  @Test
  void moreThanAMillionBytesInAnHourFire() {
    access("bob", 400_000L, T0);
    access("bob", "400000", T0 + 10 * MIN); // numeric text counts
    assertThat(sink.got).isEmpty();
    access("bob", 400_000.5, T0 + 50 * MIN);
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).events()).hasSize(3);
  }

  @Test
  void exactlyAMillionDoesNotFire() {
    access("bob", 500_000L, T0);
    access("bob", 500_000L, T0 + MIN);
    assertThat(sink.got).isEmpty();
  }

  @Test
  void spreadOverMoreThanAnHourOrUsersDoesNotFire() {
    access("bob", 600_000L, T0);
    access("bob", 600_000L, T0 + 61 * MIN);
    access("alice", 600_000L, T0 + 62 * MIN);
    access("bob", "n/a", T0 + 62 * MIN);
    assertThat(sink.got).isEmpty();
    assertThat(engine.stats().skipped()).isEqualTo(1);
  }
}
