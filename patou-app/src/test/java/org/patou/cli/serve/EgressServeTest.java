package org.patou.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.egress.EgressObserver;
import org.patou.respond.DecisionStore;
import org.patou.server.PatouServer;
import org.patou.store.Alert;
import picocli.CommandLine.Command;

/**
 * The live path: {@code patou serve} with an {@code egress:} policy gets Zeek connections as ECS
 * JSON on {@code POST /api/v1/events}; the egress observer flags the large upload to a new
 * destination (an alert with the event's id) and stores a decision of scope egress, and refuses
 * the one to an allowlisted destination (recorded), and leaves the ordinary ones alone.
 */
class EgressServeTest {
  @TempDir Path tmp;

  @Command(name = "patou")
  private static String conn(Instant at, String src, String dst, long bytes) {
    return String.format(Locale.ROOT, "{\"@timestamp\":\"%s\",\"event\":{\"dataset\":\"zeek.conn\",\"duration\":1.5},"
        + "\"source\":{\"ip\":\"%s\",\"port\":40000,\"bytes\":%d},\"destination\":{\"ip\":\"%s\",\"port\":443,\"bytes\":512},"
        + "\"network\":{\"transport\":\"tcp\"}}\n", at, src, bytes, dst);
  }

  @Test
  void zeekConnEventsOverHttpRaiseAnAlertAndAnEgressDecision() throws Exception {
    Path data = tmp.resolve("data");
    Path config = tmp.resolve("patou.yaml");
    Files.writeString(config, "allowlist: [192.0.2.0/24]\nprevent:\n  dry_run: true\n  auto_allowlist: false\n"
        + "egress:\n  block: true\n  min_samples: 5\n  duration: 2h\n", StandardCharsets.UTF_8);
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    Path tokenFile = tmp.resolve("admin.token");
    AtomicReference<List<Alert>> alerts = new AtomicReference<>();
    ServeCommand s = new ServeCommand();
    s.onStarted = server -> {
      try {
        post(server, tokenFile, body());
        if (!server.pipeline().awaitIdle(30_000)) {
          throw new AssertionError("pipeline not idle");
        }
        for (int i = 0; i < 100 && server.alerts().search(EgressObserver.RULE_ID, 0, Long.MAX_VALUE, 10).total() < 2; i++) {
          Thread.sleep(50);
        }
        Thread.sleep(500); // a commit after the last event: the observer stored its decisions
        alerts.set(server.alerts().search(EgressObserver.RULE_ID, 0, Long.MAX_VALUE, 10).alerts());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    ServeHarness.Run run = ServeHarness.execute(s, "--data", data.toString(), "--config", config.toString(), "serve",
        "--http", "127.0.0.1:0", "--syslog-udp", "off", "--syslog-tcp", "off", "--admin-token-file", tokenFile.toString(),
        "--rules", rules.toString());
    assertThat(run.code()).as(run.out()).isZero();

    // Two flagged transfers (the allowlisted destination is still alerted on), each linked to its event.
    assertThat(alerts.get()).hasSize(2);
    assertThat(alerts.get()).allSatisfy(a -> {
      assertThat(a.entities().get("source.ip")).containsExactly("10.0.0.5");
      assertThat(a.eventIds()).hasSize(1);
    });
    assertThat(alerts.get()).extracting(a -> a.entities().get("destination.ip").get(0))
        .containsExactlyInAnyOrder("203.0.113.66", "192.0.2.10");
    try (DecisionStore store = new DecisionStore(data)) {
      List<Decision> all = store.all();
      assertThat(all).hasSize(1);
      Decision d = all.get(0);
      assertThat(d.scope()).isEqualTo(Scope.EGRESS);
      assertThat(d.value()).isEqualTo("10.0.0.5->203.0.113.66");
      assertThat(d.dryRun()).isTrue();
      assertThat(d.duration()).isEqualTo(Duration.ofHours(2));
      assertThat(store.refusals()).isEqualTo(1);
    }
  }

  @Test
  void realZeekConnLogFollowedAsAFileGivesTheSameDecisionAsOffline() throws Exception {
    Path conn = org.patou.testkit.SharedData.require("zeek/stratosphere/003-zeek-scenario-malicious/conn.log");
    Path data = tmp.resolve("data");
    Path watched = Files.createDirectories(tmp.resolve("zeek"));
    Path config = tmp.resolve("patou.yaml");
    Files.writeString(config, "prevent:\n  dry_run: true\n  auto_allowlist: false\negress:\n  block: true\n",
        StandardCharsets.UTF_8);
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    AtomicReference<List<Alert>> alerts = new AtomicReference<>();
    ServeCommand s = new ServeCommand();
    s.onStarted = server -> {
      try {
        // A file that appears after the start is read from its beginning, header first.
        Files.copy(conn, watched.resolve("conn.log"));
        for (int i = 0; i < 600 && server.alerts().search(EgressObserver.RULE_ID, 0, Long.MAX_VALUE, 10).total() < 1; i++) {
          Thread.sleep(50);
        }
        if (!server.pipeline().awaitIdle(30_000)) {
          throw new AssertionError("pipeline not idle");
        }
        Thread.sleep(500);
        alerts.set(server.alerts().search(EgressObserver.RULE_ID, 0, Long.MAX_VALUE, 10).alerts());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    ServeHarness.Run run = ServeHarness.execute(s, "--data", data.toString(), "--config", config.toString(), "serve",
        "--http", "127.0.0.1:0", "--syslog-udp", "off", "--syslog-tcp", "off", "--admin-token-file",
        tmp.resolve("admin.token").toString(), "--rules", rules.toString(), "--file", watched.resolve("*.log").toString());
    assertThat(run.code()).as(run.out()).isZero();
    assertThat(alerts.get()).as("alerts of the followed conn.log").hasSize(1);
    assertThat(alerts.get().get(0).entities().get("source.ip")).containsExactly("10.8.0.61");
    assertThat(alerts.get().get(0).entities().get("destination.ip")).containsExactly("147.32.83.234");
    assertThat(alerts.get().get(0).entities().get("egress.rule")).containsExactly("baseline");
    try (DecisionStore store = new DecisionStore(data)) {
      assertThat(store.all()).extracting(Decision::value).containsExactly("10.8.0.61->147.32.83.234");
    }
  }

  @Test
  void countersWithoutNftablesAndUnknownKeysAreConfigurationErrors() throws Exception {
    for (String[] c : new String[][] {{"egress:\n  nft_counters: 30s\n", "egress.nft_counters needs prevent.nftables: true"},
        {"egress:\n  treshold: 5\n", "unknown key 'egress.treshold'"}}) {
      Path config = tmp.resolve("bad.yaml");
      Files.writeString(config, c[0], StandardCharsets.UTF_8);
      ServeCommand s = new ServeCommand();
      s.onStarted = server -> { };
      ServeHarness.Run run = ServeHarness.execute(s, "--data", tmp.resolve("data").toString(), "--config",
          config.toString(), "serve", "--http", "127.0.0.1:0", "--syslog-udp", "off", "--syslog-tcp", "off", "--rules",
          Files.createDirectories(tmp.resolve("rules")).toString());
      assertThat(run.code()).isNotZero();
      assertThat(run.out()).contains(c[1]);
    }
  }

  /** Ten hours of small uploads to two usual places, then 80 MB to a new one, 80 MB to an allowlisted one, 60 KB to another new one. */
  private static String body() {
    StringBuilder b = new StringBuilder();
    Instant t0 = Instant.parse("2026-11-25T00:00:10Z");
    for (int h = 0; h < 10; h++) {
      b.append(conn(t0.plus(Duration.ofHours(h)), "10.0.0.5", "198.51.100.1", 40_000 + h * 1000));
      b.append(conn(t0.plus(Duration.ofHours(h)).plusSeconds(60), "10.0.0.5", "198.51.100.2", 90_000 + h * 500));
      b.append(conn(t0.plus(Duration.ofHours(h)).plusSeconds(90), "203.0.113.5", "10.0.0.5", 90_000_000)); // inbound
    }
    Instant late = t0.plus(Duration.ofHours(10));
    b.append(conn(late, "10.0.0.5", "203.0.113.77", 60_000));
    b.append(conn(late.plusSeconds(1), "10.0.0.5", "203.0.113.66", 80_000_000));
    b.append(conn(late.plusSeconds(2), "10.0.0.5", "192.0.2.10", 80_000_000));
    return b.toString();
  }

  private static void post(PatouServer server, Path tokenFile, String body) throws Exception {
    String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    URI u = URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/api/v1/events");
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(u).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
