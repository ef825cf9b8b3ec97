package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.patou.correlation.TestSupport.MIN;
import static org.patou.correlation.TestSupport.T0;
import static org.patou.correlation.TestSupport.base;
import static org.patou.correlation.TestSupport.ev;
import static org.patou.correlation.TestSupport.rule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;
import org.patou.testkit.SharedData;

/** Specification example: Ordered Temporal Proximity and the complete example of the specification. */
class SpecFailedLoginsFollowedBySuccessfulLoginTest {
  private static final long SEC = 1_000L;

  final List<CorrelationRule> correlations = new ArrayList<>();
  final Map<String, RuleInfo> bases = new java.util.HashMap<>();
  CorrelationEngine engine;
  final TestSupport.Sink sink = new TestSupport.Sink();

  /** Loads the multi-document example straight from the specification's Markdown. */
  void load() throws IOException, CorrelationRuleException {
    Path md = SharedData.require("sigma/spec")
        .resolve("specification/sigma-correlation-rules-specification.md");
    String block = CorrelationRuleParseTest.yamlBlocks(
            Files.readString(md, StandardCharsets.UTF_8)).stream()
        .filter(b -> b.contains("Correlation - Multiple Failed Logins Followed by Successful"))
        .findFirst().orElseThrow();
    for (TestSupport.Doc doc : TestSupport.documents(block)) {
      if (doc.map().containsKey("correlation")) {
        correlations.add(CorrelationRule.parse(doc.map(), "spec.md", doc.line()));
      } else {
        RuleInfo b = base((String) doc.map().get("id"), (String) doc.map().get("name"));
        bases.put(b.name(), b);
      }
    }
    engine = new CorrelationEngine(correlations, 1000);
  }

  void failed(String user, long at) {
    engine.onMatch(bases.get("failed_login"), ev("EventID", 4625L, "User", user), at, sink);
  }

  void success(String user, long at) {
    engine.onMatch(bases.get("successful_login"), ev("EventID", 4624L, "User", user), at,
        sink);
  }

  @Test
  void tenFailuresThenSuccessFireTheOuterCorrelationOnly() throws Exception {
    load();
    assertThat(correlations).hasSize(2);
    assertThat(bases.keySet()).containsExactlyInAnyOrder("failed_login", "successful_login");
    for (int i = 0; i < 10; i++) {
      failed("bob", T0 + i * 20 * SEC);
    }
    assertThat(sink.got).as("the inner event_count is not generated").isEmpty();
    success("bob", T0 + 5 * MIN);
    assertThat(sink.titles())
        .containsExactly("Correlation - Multiple Failed Logins Followed by Successful Login");
    Detection d = sink.got.get(0);
    assertThat(d.rule().id()).isEqualTo("b180ead8-d58f-40b2-ae54-c8940995b9b6");
    assertThat(d.rule().level()).isEqualTo(org.patou.sigma.rule.Level.HIGH);
    assertThat(d.groupBy()).isEqualTo(Map.of("User", "bob"));
    assertThat(d.timestamp()).isEqualTo(T0 + 5 * MIN);
    assertThat(d.events()).hasSize(11);
    assertThat(d.events()).extracting(e -> e.get("EventID")).startsWith(4625L).endsWith(4624L);
    assertThat(engine.stats().detections()).isEqualTo(2); // inner and outer
  }

  @Test
  void referencedRulesAreNotGeneratedOnTheirOwn() throws Exception {
    load();
    assertThat(engine.referencedRules())
        .containsExactlyInAnyOrder("multiple_failed_login", "successful_login", "failed_login");
    assertThat(engine.generates(bases.get("failed_login"))).isFalse();
    assertThat(engine.generates(bases.get("successful_login"))).isFalse();
    assertThat(engine.generates(base("other", "unrelated"))).isTrue();
    assertThat(engine.generates(correlations.get(1).info())).isFalse();
    assertThat(engine.generates(correlations.get(0).info())).isTrue();
  }

  @Test
  void successBeforeTheFailuresDoesNotFire() throws Exception {
    load();
    success("bob", T0);
    for (int i = 1; i <= 10; i++) {
      failed("bob", T0 + i * 20 * SEC);
    }
    assertThat(sink.got).isEmpty();
  }

  @Test
  void nineFailuresThenSuccessDoNotFire() throws Exception {
    load();
    for (int i = 0; i < 9; i++) {
      failed("bob", T0 + i * 20 * SEC);
    }
    success("bob", T0 + 5 * MIN);
    assertThat(sink.got).isEmpty();
  }

  @Test
  void successMoreThanTenMinutesLaterDoesNotFire() throws Exception {
    load();
    for (int i = 0; i < 10; i++) {
      failed("bob", T0 + i * SEC);
    }
    success("bob", T0 + 9 * SEC + 10 * MIN + 1);
    assertThat(sink.got).isEmpty();
  }

  @Test
  void successOfAnotherUserDoesNotFire() throws Exception {
    load();
    for (int i = 0; i < 10; i++) {
      failed("bob", T0 + i * SEC);
    }
    success("alice", T0 + MIN);
    assertThat(sink.got).isEmpty();
    success("bob", T0 + 2 * MIN);
    assertThat(sink.got).hasSize(1);
  }

  @Test
  void failuresSpreadOverMoreThanTenMinutesDoNotFire() throws Exception {
    load();
    for (int i = 0; i < 10; i++) {
      failed("bob", T0 + i * 70 * SEC); // 10.5 minutes
    }
    success("bob", T0 + 11 * MIN);
    assertThat(sink.got).isEmpty();
  }
}
