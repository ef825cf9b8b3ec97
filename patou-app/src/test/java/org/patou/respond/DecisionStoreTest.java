package org.patou.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Decision;
import org.patou.decide.Scope;

class DecisionStoreTest {
  static Decision ban(String value, Instant at, Duration d) {
    return new Decision(0, "ban", value.contains("/") ? Scope.RANGE : Scope.IP, value, "ssh-bf", "r", "patou", at, at.plus(d), 6, 1, false);
  }

  @Test
  void persistsAcrossRestartsExpiresAndDeletes(@TempDir Path data) throws Exception {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    try (DecisionStore s = new DecisionStore(data)) {
      assertThat(s.add(ban("192.0.2.1", now, Duration.ofHours(4))).id()).isPositive();
      s.add(ban("192.0.2.2", now, Duration.ofMinutes(1)));
      s.add(ban("2001:db8::/64", now, Duration.ofHours(1)));
      s.refused(now, Scope.IP, "10.0.0.1", "ssh-bf", "10.0.0.0/8");
    }
    try (DecisionStore s = new DecisionStore(data)) {
      assertThat(s.active(now.plusSeconds(120))).extracting(Decision::value).containsExactly("192.0.2.1", "2001:db8::/64");
      assertThat(s.offences(Scope.IP, "192.0.2.2")).isEqualTo(1);
      assertThat(s.refusals()).isEqualTo(1);
      assertThat(s.delete(null, "192.0.2.1", now)).hasSize(1);
      assertThat(s.active(now)).extracting(Decision::value).containsExactly("192.0.2.2", "2001:db8::/64");
      assertThat(s.all()).hasSize(3);
      Decision back = s.all().get(0);
      assertThat(back.created()).isEqualTo(now);
      assertThat(back.duration()).isEqualTo(Duration.ofHours(4));
    }
  }
}
