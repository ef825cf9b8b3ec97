package org.patou.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
  @Test
  void readsAllFields() {
    Scenario s = ScenarioLoader.load("t.yaml", """
        define: fail
        filter: {field: event.outcome, equals: failure}
        ---
        name: x
        description: d
        type: distinct
        distinct: user.name
        filter: {all: [{use: fail}, {not: {field: user.name, prefix: svc-}}]}
        key: range
        capacity: 3
        leakspeed: 30s
        blackhole: 2m
        decision: {type: throttle, duration: 1h}
        crowdsec: [a/b]
        """).get(0);
    assertThat(s.kind()).isEqualTo(Scenario.Kind.DISTINCT);
    assertThat(s.key()).isEqualTo(Scope.RANGE);
    assertThat(s.leakSpeed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.decision()).isEqualTo(new Scenario.DecisionSpec("throttle", Duration.ofHours(1)));
    assertThat(s.crowdsec()).containsExactly("a/b");
  }

  @Test
  void errorsSayWhereAndWhy() {
    assertThatThrownBy(() -> ScenarioLoader.load("t.yaml", "name: x\ntype: leaky\ncapacity: 3\n"))
        .hasMessage("t.yaml: scenario x: a leaky scenario needs capacity and leakspeed");
    assertThatThrownBy(() -> ScenarioLoader.load("t.yaml", "name: x\ntype: trigger\ncolour: red\n"))
        .hasMessageStartingWith("t.yaml: scenario x: unknown key 'colour'");
    assertThatThrownBy(() -> ScenarioLoader.load("t.yaml", "name: x\ntype: trigger\nfilter: {field: a, regex: '('}\n"))
        .hasMessageStartingWith("t.yaml: scenario x: field a: bad regex");
    assertThatThrownBy(() -> ScenarioLoader.load("t.yaml", "name: x\ntype: trigger\nfilter: {use: nope}\n"))
        .hasMessageContaining("use: nope is not defined above");
    assertThatThrownBy(() -> ScenarioLoader.load("t.yaml", "name: x\ntype: sequence\n"))
        .hasMessage("t.yaml: scenario x: a sequence scenario needs after: SCENARIO and window");
    assertThatThrownBy(() -> ScenarioLoader.load("t.yaml", "name: x\ntype: trigger\n---\nname: x\ntype: trigger\n"))
        .hasMessage("t.yaml: scenario x is defined twice");
  }
}
