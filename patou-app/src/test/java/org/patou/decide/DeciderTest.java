package org.patou.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private static Scenario bf() {
    return ScenarioLoader.load("t", "name: bf\ntype: trigger\nkey: ip\ndecision: {type: ban, duration: 1h}\n").get(0);
  }

  private static Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  /** An alert a year after the previous one: earlier decisions have expired. */
  private static Alert alert(Scenario s, Scope scope, String value) {
    clock = clock.plus(Duration.ofDays(365));
    return new Alert(s, scope, value, 6, clock, clock);
  }

  @Test
  void noNewDecisionWhileOneIsActive() {
    Decider d = new Decider(Allowlist.EMPTY);
    Scenario s = bf();
    Instant t = Instant.parse("2030-01-01T00:00:00Z");
    assertThat(d.decide(new Alert(s, Scope.IP, "192.0.2.1", 6, t, t)).decision()).isNotNull();
    assertThat(d.decide(new Alert(s, Scope.IP, "192.0.2.1", 6, t, t.plusSeconds(1800)))).isNull();
    assertThat(d.covered()).isEqualTo(1);
    assertThat(d.decide(new Alert(s, Scope.IP, "192.0.2.1", 6, t, t.plusSeconds(3600))).decision().offence()).isEqualTo(2);
  }

  @Test
  void escalatesForRepeatOffenders() {
    Decider d = new Decider(Allowlist.EMPTY, new Decider.Escalation(4, Duration.ofDays(2)), false, "patou", k -> 0);
    Scenario s = bf();
    List<Duration> ds = java.util.stream.IntStream.range(0, 5)
        .mapToObj(i -> d.decide(alert(s, Scope.IP, "192.0.2.1")).decision().duration()).toList();
    assertThat(ds).containsExactly(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(16), Duration.ofDays(2), Duration.ofDays(2));
    // Offences already in the store count too.
    Decider again = new Decider(Allowlist.EMPTY, Decider.Escalation.DEFAULT, false, "patou", k -> k.equals("ip:192.0.2.1") ? 1 : 0);
    assertThat(again.decide(alert(s, Scope.IP, "192.0.2.1")).decision().offence()).isEqualTo(2);
  }

  @Test
  void neverOnTheAllowlist() {
    Allowlist a = Allowlist.of(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7", "admin.example.org", "user:alice"));
    Decider d = new Decider(a);
    Scenario s = bf();
    assertThat(d.decide(alert(s, Scope.IP, "10.1.2.3")).refused()).isEqualTo("10.0.0.0/8");
    assertThat(d.decide(alert(s, Scope.IP, "2001:db8::5")).refused()).isNotNull();
    assertThat(d.decide(alert(s, Scope.IP, "192.0.2.7")).refused()).isNotNull();
    // A range that holds an allowlisted address is refused too.
    assertThat(d.decide(alert(s, Scope.RANGE, "192.0.2.0/24")).refused()).isNotNull();
    assertThat(d.decide(alert(s, Scope.HOST, "ADMIN.example.org")).refused()).isNotNull();
    assertThat(d.decide(alert(s, Scope.USER, "alice")).refused()).isNotNull();
    assertThat(d.decide(alert(s, Scope.IP, "192.0.2.8")).decision()).isNotNull();
    assertThat(d.manual("ban", Scope.IP, "10.9.9.9", Duration.ofHours(1), "x", Instant.EPOCH).decision()).isNull();
  }

  /** The administrator (SSH_CLIENT) and the machine itself cannot be locked out, whatever they do. */
  @Test
  void ownerCannotBeLockedOut() {
    var config = new org.patou.cli.prevent.PreventConfig(List.of("10.20.0.0/16", "localhost"), false, Decider.Escalation.DEFAULT,
        true, List.of(), List.of(), true);
    Allowlist a = config.effectiveAllowlist(Map.of("SSH_CLIENT", "203.0.113.77 50022 22"));
    List<Scenario> all = DefaultScenarios.load();
    ScenarioEngine engine = new ScenarioEngine(all);
    Decider d = new Decider(a);
    int decisions = 0;
    int refused = 0;
    for (String ip : List.of("203.0.113.77", "127.0.0.1", "10.20.3.4")) {
      for (int i = 0; i < 50; i++) {
        for (Decider.Outcome o : d.decide(engine.offer(Events.ssh(ip, "user" + i, "failure", 1000 + i)))) {
          if (o.decision() != null) {
            decisions++;
          } else {
            refused++;
          }
        }
      }
    }
    assertThat(decisions).isZero();
    assertThat(refused).isPositive();
    assertThat(d.manual("ban", Scope.IP, "203.0.113.77", Duration.ofHours(1), "x", Instant.EPOCH).decision()).isNull();
    assertThat(d.manual("ban", Scope.RANGE, "203.0.113.0/24", Duration.ofHours(1), "x", Instant.EPOCH).decision()).isNull();
    // Someone else is banned as usual.
    for (int i = 0; i < 6; i++) {
      for (Decider.Outcome o : d.decide(engine.offer(Events.ssh("198.51.100.1", "u" + i, "failure", 2000 + i)))) {
        if (o.decision() != null) {
          decisions++;
        }
      }
    }
    assertThat(decisions).isPositive();
  }
}
