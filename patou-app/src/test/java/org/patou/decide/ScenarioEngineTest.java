package org.patou.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioEngineTest {
  private static List<Scenario> scenarios(String yaml) {
    return ScenarioLoader.load("test.yaml", yaml);
  }

  private static final String FAIL = "filter: [{field: event.outcome, equals: failure}]\n";

  @Test
  void leakyOverflowsAboveCapacityThenBlackhole() {
    ScenarioEngine e = new ScenarioEngine(scenarios("name: bf\ntype: leaky\n" + FAIL + "capacity: 5\nleakspeed: 10s\nblackhole: 1m\n"));
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      alerts.addAll(e.offer(Events.ssh("192.0.2.1", "u", "failure", 1000 + i)));
    }
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).events()).isEqualTo(6);
    assertThat(alerts.get(0).value()).isEqualTo("192.0.2.1");
    // After the blackhole a new bucket can overflow again.
    for (int i = 0; i < 6; i++) {
      alerts.addAll(e.offer(Events.ssh("192.0.2.1", "u", "failure", 1100 + i)));
    }
    assertThat(alerts).hasSize(2);
  }

  @Test
  void leakyLeaks() {
    ScenarioEngine e = new ScenarioEngine(scenarios("name: bf\ntype: leaky\n" + FAIL + "capacity: 5\nleakspeed: 10s\n"));
    int n = 0;
    for (int i = 0; i < 100; i++) {
      n += e.offer(Events.ssh("192.0.2.1", "u", "failure", 1000 + i * 11L)).size();
    }
    assertThat(n).isZero();
  }

  @Test
  void distinctCountsOnlyNewValues() {
    ScenarioEngine e = new ScenarioEngine(scenarios("name: enum\ntype: distinct\ndistinct: user.name\n" + FAIL + "capacity: 3\nleakspeed: 1m\n"));
    int n = 0;
    for (int i = 0; i < 10; i++) {
      n += e.offer(Events.ssh("192.0.2.1", "same", "failure", 1000 + i)).size();
    }
    assertThat(n).isZero();
    for (int i = 0; i < 4; i++) {
      n += e.offer(Events.ssh("192.0.2.1", "user" + i, "failure", 1020 + i)).size();
    }
    assertThat(n).isEqualTo(1);
  }

  @Test
  void thresholdWithinWindow() {
    ScenarioEngine e = new ScenarioEngine(scenarios("name: slow\ntype: threshold\n" + FAIL + "capacity: 4\nwindow: 1h\n"));
    int n = 0;
    for (int i = 0; i < 4; i++) {
      n += e.offer(Events.ssh("192.0.2.1", "u", "failure", 1000 + i * 1201L)).size(); // 3603 s: too slow
    }
    assertThat(n).isZero();
    for (int i = 0; i < 4; i++) {
      n += e.offer(Events.ssh("192.0.2.2", "u", "failure", 1000 + i * 1200L)).size(); // exactly 1 h
    }
    assertThat(n).isEqualTo(1);
  }

  @Test
  void successfulLoginRightAfterBruteForce() {
    List<Scenario> s = DefaultScenarios.load().stream()
        .filter(x -> x.name().equals("ssh-bf") || x.name().equals("ssh-success-after-bf")).toList();
    ScenarioEngine e = new ScenarioEngine(s);
    List<Alert> alerts = new ArrayList<>();
    // A success alone is nothing.
    alerts.addAll(e.offer(Events.ssh("198.51.100.9", "bob", "success", 500)));
    assertThat(alerts).isEmpty();
    for (int i = 0; i < 6; i++) {
      alerts.addAll(e.offer(Events.ssh("198.51.100.9", "root", "failure", 1000 + i)));
    }
    alerts.addAll(e.offer(Events.ssh("198.51.100.9", "root", "success", 1010)));
    assertThat(alerts).extracting(a -> a.scenario().name()).containsExactly("ssh-bf", "ssh-success-after-bf");
    // Later than the window: no sequence alert.
    alerts.clear();
    alerts.addAll(e.offer(Events.ssh("198.51.100.9", "root", "success", 1010 + 3600)));
    assertThat(alerts).isEmpty();
  }

  /** A flood of distinct source addresses: memory stays bounded and evictions are counted. */
  @Test
  void boundedUnderAFloodOfDistinctKeys() {
    ScenarioEngine e = new ScenarioEngine(scenarios("name: bf\ntype: leaky\n" + FAIL + "capacity: 5\nleakspeed: 10s\n"), 10_000);
    for (int i = 0; i < 1_000_000; i++) {
      String ip = "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
      e.offer(Events.ssh(ip, "u", "failure", 1000 + i / 1000));
    }
    assertThat(e.liveBuckets()).isLessThanOrEqualTo(10_000);
    assertThat(e.evictions()).isEqualTo(1_000_000 - 10_000);
    // A real attacker among the flood still overflows.
    int n = 0;
    for (int i = 0; i < 6; i++) {
      n += e.offer(Events.ssh("203.0.113.5", "u", "failure", 3000)).size();
    }
    assertThat(n).isEqualTo(1);
  }

  @Test
  void defaultScenariosLoad() {
    assertThat(DefaultScenarios.load()).hasSizeGreaterThan(30)
        .extracting(Scenario::name).contains("ssh-bf", "http-probing", "ssh-success-after-bf", "mail-generic-bf");
  }

  @Test
  void anchorsAreFieldsEveryPassingEventHas() {
    Condition.Field sshd = new Condition.Field("process.name", Condition.Op.PREFIX, List.of("sshd"), false, false, null);
    Condition.Field status = new Condition.Field("http.response.status_code", Condition.Op.EQUALS, List.of("404"), false, false, null);
    Condition.Field noUser = new Condition.Field("user.name", Condition.Op.EXISTS, List.of("false"), false, false, null);
    assertThat(sshd.anchor()).isEqualTo("process.name");
    assertThat(noUser.anchor()).isNull();
    assertThat(new Condition.All(List.of(noUser, status, sshd)).anchor()).isEqualTo("http.response.status_code");
    assertThat(new Condition.Any(List.of(sshd, sshd)).anchor()).isEqualTo("process.name");
    assertThat(new Condition.Any(List.of(sshd, status)).anchor()).isNull();
    assertThat(new Condition.Not(sshd).anchor()).isNull();
    assertThat(Condition.ALWAYS.anchor()).isNull();
  }
}
