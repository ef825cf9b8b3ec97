package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Specification example: Field name aliases: the same addresses in swapped fields within 10 seconds. */
class SpecAliasesTest {
  private static final long SEC = 1_000L;

  final CorrelationRule corr = rule(
      "title: —\n"
          + "id: —\n"
          + "correlation:\n"
          + "    type: temporal\n"
          + "    rules:\n"
          + "        - internal_error\n"
          + "        - new_network_connection\n"
          + "    group-by:\n"
          + "        - internal_ip\n"
          + "        - remote_ip\n"
          + "    timespan: 10s\n"
          + "    aliases:\n"
          + "        internal_ip:\n"
          + "            internal_error: destination.ip\n"
          + "            new_network_connection: source.ip\n"
          + "        remote_ip:\n"
          + "            internal_error: source.ip\n"
          + "            new_network_connection: destination.ip\n");
  final CorrelationEngine engine = new CorrelationEngine(List.of(corr), 1000);
  final TestSupport.Sink sink = new TestSupport.Sink();

  void error(String src, String dst, long at) {
    engine.onMatch(base(null, "internal_error"),
        ev("http.response.status_code", 500L, "source.ip", src, "destination.ip", dst), at,
        sink);
  }

  void connection(String src, String dst, long at) {
    engine.onMatch(base(null, "new_network_connection"),
        ev("event.category", "network", "source.ip", src, "destination.ip", dst), at, sink);
  }

  @Test
  void swappedAddressesWithinTenSecondsFire() {
    error("203.0.113.9", "10.0.0.5", T0);
    connection("10.0.0.5", "203.0.113.9", T0 + 4 * SEC);
    assertThat(sink.got).hasSize(1);
    assertThat(sink.got.get(0).groupBy())
        .isEqualTo(Map.of("internal_ip", "10.0.0.5", "remote_ip", "203.0.113.9"));
    assertThat(sink.got.get(0).events()).hasSize(2);
  }

  @Test
  void sameAddressesInTheSameFieldsDoNotFire() {
    error("203.0.113.9", "10.0.0.5", T0);
    connection("203.0.113.9", "10.0.0.5", T0 + 4 * SEC);
    assertThat(sink.got).isEmpty();
  }

  @Test
  void moreThanTenSecondsApartDoNotFire() {
    error("203.0.113.9", "10.0.0.5", T0);
    connection("10.0.0.5", "203.0.113.9", T0 + 10 * SEC + 1);
    assertThat(sink.got).isEmpty();
  }
}
