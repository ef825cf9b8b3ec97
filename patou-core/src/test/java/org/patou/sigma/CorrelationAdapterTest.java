package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patou.event.EventBuilder;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;

/** The adapter to org.patou.correlation, end to end through the loader and detector. */
class CorrelationAdapterTest {
  static final String RULES =
      "title: Failed logon\nname: failed_logon\nid: 0e95725d-7320-415d-80f7-004da920fc11\n"
          + "logsource: {product: windows, service: security}\n"
          + "detection:\n  sel:\n    EventID: 4625\n  condition: sel\n"
          + "---\n"
          + "title: Many failed logons\nid: 0e95725d-7320-415d-80f7-004da920fc12\n"
          + "correlation:\n  type: event_count\n  rules:\n    - failed_logon\n  group-by:\n    - TargetUserName\n"
          + "  timespan: 5m\n  condition:\n    gte: 3\nlevel: high\n";

  @Test
  void eventCountFires() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of(), CorrelationAdapter.INSTANCE);
    l.add(new RuleSource("brute.yml", RULES));
    assertThat(l.report().invalid()).isEmpty();
    assertThat(l.report().unsupported()).isEmpty();
    assertThat(l.report().loadedCount()).isEqualTo(2);
    Detector d = l.compile(DetectorOptions.defaults());
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      d.match(
          new EventBuilder()
              .add("Event.System.EventID", 4625L)
              .add("Event.System.Channel", "Security")
              .add("Event.System.TimeCreated.#attributes.SystemTime", "2024-01-01T00:0" + i + ":00Z")
              .add("Event.EventData.TargetUserName", "bob")
              .build(),
          out::add);
    }
    d.finish(out::add);
    assertThat(out).extracting(x -> x.rule().title()).containsExactly("Many failed logons");
    assertThat(d.stats().correlation()).containsKey("evictions");
  }

  @Test
  void resetForgetsCorrelationStateLikeAFreshCopy() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of(), CorrelationAdapter.INSTANCE);
    l.add(new RuleSource("brute.yml", RULES));
    Detector d = l.compile(DetectorOptions.defaults());
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      if (i == 2) {
        d.reset(); // a new file: the two failures before do not count
      }
      d.match(
          new EventBuilder()
              .add("Event.System.EventID", 4625L)
              .add("Event.System.Channel", "Security")
              .add("Event.System.TimeCreated.#attributes.SystemTime", "2024-01-01T00:0" + i + ":00Z")
              .add("Event.EventData.TargetUserName", "bob")
              .build(),
          out::add);
    }
    // Events 2, 3 and 4 make the three the rule needs; 0 and 1 were forgotten.
    assertThat(out).extracting(x -> x.rule().title()).containsExactly("Many failed logons");
    // Completed by event 4 (without the reset it would fire at event 2).
    assertThat(out.get(0).timestamp()).isEqualTo(java.time.Instant.parse("2024-01-01T00:04:00Z").toEpochMilli());
  }
}
