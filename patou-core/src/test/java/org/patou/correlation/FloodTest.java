package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.rule;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.sigma.rule.RuleInfo;

/** A hostile stream: a million distinct group keys must not grow the engine past its cap. */
class FloodTest {
  private static final int KEYS = 1_000_000;
  private static final int CAP = 10_000;
  private static final RuleInfo A = base("id-a", "rule_a");
  private static final CorrelationRule TWO_PER_HOST = rule("title: two\ncorrelation:\n"
      + "  type: event_count\n  rules: [rule_a]\n  group-by: [host]\n  timespan: 1h\n"
      + "  condition: {gte: 2}\n");

  @Test
  void aMillionDistinctKeysStayWithinTheCapAndCountTheHits() {
    CorrelationEngine engine = new CorrelationEngine(List.of(TWO_PER_HOST), CAP);
    EventBuilder b = new EventBuilder();
    int maxLive = 0;
    for (int i = 0; i < KEYS; i++) {
      Event e = b.add("host", "h" + i).build();
      engine.onMatch(A, e, T0 + i / 1000, d -> {
        throw new AssertionError("one event per group cannot fire: " + d);
      });
      maxLive = Math.max(maxLive, engine.stats().live());
    }
    CorrelationEngine.Stats s = engine.stats();
    assertThat(maxLive).isLessThanOrEqualTo(CAP);
    assertThat(s.live()).isEqualTo(CAP);
    assertThat(s.capHits()).isEqualTo(KEYS - CAP);
    assertThat(s.evicted()).isZero(); // all within the hour: nothing expired, the cap did it all
    assertThat(s.detections()).isZero();

    // The most recent groups survived the cap: a second event for the last key fires.
    int[] fired = {0};
    engine.onMatch(A, b.add("host", "h" + (KEYS - 1)).build(), T0 + KEYS / 1000, d -> fired[0]++);
    assertThat(fired[0]).isEqualTo(1);

    // Event time moves past the hour: every window expires and is evicted, not capped.
    engine.onMatch(A, b.add("host", "late-riser").build(), T0 + KEYS / 1000 + 61 * MIN, d -> { });
    assertThat(engine.stats().live()).isEqualTo(1);
    assertThat(engine.stats().evicted()).isEqualTo(CAP - 1);
    assertThat(engine.stats().capHits()).isEqualTo(KEYS - CAP);
  }

  @Test
  void expiryAloneBoundsAFloodWhoseTimeAdvances() {
    CorrelationEngine engine = new CorrelationEngine(List.of(TWO_PER_HOST), CAP);
    EventBuilder b = new EventBuilder();
    int maxLive = 0;
    for (int i = 0; i < 200_000; i++) {
      // One new host per second: an hour holds 3,601 of them, well under the cap.
      engine.onMatch(A, b.add("host", "h" + i).build(), T0 + i * 1000L, d -> { });
      maxLive = Math.max(maxLive, engine.stats().live());
    }
    assertThat(maxLive).isEqualTo(3_601);
    assertThat(engine.stats().capHits()).isZero();
    assertThat(engine.stats().evicted()).isEqualTo(200_000 - 3_601);
  }
}
