package org.patou.cli.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.Cli;
import org.patou.testkit.SharedData;

class PreventCliTest {
  @Test
  void simulateSshBruteForcePrintsOneJsonLinePerDecision() {
    Path log = SharedData.require("auth/crowdsec-hub-tests/tests/ssh-bf/ssh-bf.log");
    Cli r = Cli.run("simulate", log.toString(), "--type", "sshd", "--only", "ssh-bf,ssh-bf_user-enum", "--year", "2026");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "{\"type\":\"ban\",\"scope\":\"ip\",\"value\":\"35.188.49.176\",\"scenario\":\"ssh-bf\",\"duration\":\"4h\",\"events\":6,"
            + "\"at\":\"2026-02-12T14:10:24Z\",\"until\":\"2026-02-12T18:10:24Z\",\"offence\":1,\"origin\":\"simulate\",\"dry_run\":true,"
            + "\"reason\":\"SSH brute force (fast)\"}");
    // ssh-bf_user-enum alerts on the same address at the same time: already banned, no second decision.
    assertThat(r.err()).contains("simulate: 7 lines, 6 parsed, 2 scenarios, 2 alerts, 1 decisions, 1 covered by an active decision");
  }

  @Test
  void simulateNginxTextAndAllowlist() {
    Path log = SharedData.require("auth/crowdsec-hub-tests/tests/nginx-http-sqli-probing/nginx-http-sqli-probing.log");
    Cli r = Cli.run("simulate", log.toString(), "--type", "nginx", "--format", "text");
    assertThat(r.code()).as(r.toString()).isZero();
    // http-probing and http-sqli-probing both alert; the first decision covers the second.
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out()).contains(" ban ").contains("127.0.0.1").contains("http-probing").contains("(dry run)");
    assertThat(r.err()).contains("2 alerts, 1 decisions, 1 covered by an active decision");
    Cli allowed = Cli.run("simulate", log.toString(), "--type", "nginx", "--allowlist", "127.0.0.0/8");
    assertThat(allowed.out()).isEmpty();
    assertThat(allowed.err()).contains("allowlisted, no decision: ip 127.0.0.1");
  }

  @Test
  void simulateRejectsBadTypeAndBadScenarios(@TempDir Path dir) throws Exception {
    assertThat(Cli.run("simulate", "x.log", "--type", "iis").code()).isEqualTo(2);
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: x\ntype: leaky\n", StandardCharsets.UTF_8);
    Cli r = Cli.run("simulate", bad.toString(), "--scenarios", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("scenario x: a leaky scenario needs capacity and leakspeed");
  }

  @Test
  void decisionsAddListDeletePersistAndRespectTheAllowlist(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("patou.yaml");
    Files.writeString(config, "allowlist: [10.0.0.0/8]\nprevent:\n  dry_run: true\n  escalation: {factor: 2, max: 1d}\n",
        StandardCharsets.UTF_8);
    Cli add = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "add", "--ip", "192.0.2.44",
        "--duration", "2h", "--reason", "seen in the firewall logs");
    assertThat(add.code()).as(add.toString()).isZero();
    assertThat(add.out()).contains("\"value\":\"192.0.2.44\"").contains("\"duration\":\"2h\"").contains("\"dry_run\":true");
    Cli range = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "add", "--ip", "198.51.100.0/24");
    assertThat(range.out()).contains("\"scope\":\"range\"");
    Cli refused = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "add", "--ip", "10.1.2.3");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("10.1.2.3 is allowlisted (10.0.0.0/8)");
    Cli list = Cli.run("--data", data.toString(), "decisions", "list");
    assertThat(list.out()).contains("192.0.2.44").contains("198.51.100.0/24").contains("2 decision(s)").doesNotContain("10.1.2.3");
    Cli del = Cli.run("--data", data.toString(), "decisions", "delete", "--ip", "192.0.2.44");
    assertThat(del.out()).contains("1 decision(s) deleted");
    assertThat(Cli.run("--data", data.toString(), "decisions", "list").out()).doesNotContain("192.0.2.44").contains("1 decision(s)");
    assertThat(Cli.run("--data", data.toString(), "decisions", "list", "--all", "--format", "jsonl").out().lines()).hasSize(2);
  }
}
