package org.patou.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookEnforcerTest {
  @Test
  void runsOneCommandPerDecisionWithTheDecisionInTheEnvironment(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("hook.log");
    HookEnforcer h = new HookEnforcer("echo \"$PATOU_ACTION $PATOU_SCOPE $PATOU_VALUE $PATOU_SCENARIO $PATOU_DURATION\" >> '" + log + "'");
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    h.apply(List.of(DecisionStoreTest.ban("192.0.2.1", now, Duration.ofHours(1)),
        DecisionStoreTest.ban("$(id)", now, Duration.ofHours(1))), now);
    h.remove(List.of(DecisionStoreTest.ban("192.0.2.1", now, Duration.ofHours(1))));
    assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).containsExactly(
        "add ip 192.0.2.1 ssh-bf 3600", "add ip $(id) ssh-bf 3600", "delete ip 192.0.2.1 ssh-bf 0");
    assertThat(h.failures()).isEmpty();
  }
}
