package org.patou.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Decision;
import org.patou.respond.DecisionStore;
import org.patou.server.PatouServer;
import org.patou.testing.Cli;
import org.patou.testkit.SharedData;

/**
 * {@code patou serve} runs the behaviour scenarios on what it ingests: real sshd lines sent over
 * syslog TCP to a live server (127.0.0.1) give the same decisions as {@code patou simulate} on the
 * same lines, and the administrator's address and the machine's own cannot be locked out.
 */
class LivePreventionServeTest {
  @TempDir Path tmp;

  /** Every sshd sample of the CrowdSec hub tests, in one file, in a fixed order. */
  private Path sshdSamples() throws Exception {
    Path tests = SharedData.require("auth/crowdsec-hub-tests/tests");
    List<Path> logs;
    try (Stream<Path> s = Files.walk(tests)) {
      logs = s.filter(p -> p.getFileName().toString().endsWith(".log"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("ssh"))
          .sorted().toList();
    }
    List<String> lines = new ArrayList<>();
    for (Path p : logs) {
      for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          lines.add(l);
        }
      }
    }
    Path all = tmp.resolve("sshd.log");
    Files.write(all, lines, StandardCharsets.UTF_8);
    return all;
  }

  /** Runs patou serve (config as given), sends the lines over syslog TCP, waits, stops. */
  private String serve(Path config, Map<String, String> env, List<String> lines) throws Exception {
    ServeCommand serve = new ServeCommand();
    serve.env = env;
    AtomicReference<Exception> failed = new AtomicReference<>();
    serve.onStarted = server -> {
      try {
        send(server, lines);
      } catch (Exception e) {
        failed.set(e);
      }
    };
    ServeHarness.Run run = ServeHarness.execute(serve, "--data", tmp.resolve("data").toString(), "--config",
        config.toString(), "serve", "--admin-token-file", tmp.resolve("token").toString());
    if (failed.get() != null) {
      throw failed.get();
    }
    assertThat(run.code()).as(run.out()).isZero();
    return run.out();
  }

  static void send(PatouServer server, List<String> lines) throws Exception {
    long before = server.pipeline().processed();
    try (Socket s = new Socket("127.0.0.1", server.source("syslog-tcp").address().getPort());
        OutputStream o = s.getOutputStream()) {
      for (String l : lines) {
        o.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    long end = System.currentTimeMillis() + 30_000;
    while (server.pipeline().processed() < before + lines.size() && System.currentTimeMillis() < end) {
      Thread.sleep(10);
    }
    assertThat(server.pipeline().processed()).as("records processed").isEqualTo(before + lines.size());
  }

  private Path config(String extra) throws Exception {
    Path conf = tmp.resolve("patou.yaml");
    Files.writeString(conf, "serve:\n  http: 127.0.0.1:0\n  syslog_udp: 'off'\n  syslog_tcp: 127.0.0.1:0\n"
        + "  timezone: UTC\n" + extra, StandardCharsets.UTF_8);
    return conf;
  }

  private static String key(String type, String scope, String value, String scenario, String duration, int events,
      int offence) {
    return String.join(" ", type, scope, value, scenario, duration, "events=" + events, "offence=" + offence);
  }

  @Test
  void liveDecisionsOnRealSshdLinesOverSyslogTcpAreThoseOfSimulate() throws Exception {
    Path samples = sshdSamples();
    Cli sim = Cli.run("simulate", samples.toString(), "--type", "sshd", "--timezone", "UTC");
    assertThat(sim.code()).as(sim.toString()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<String> offline = new ArrayList<>();
    for (String l : sim.out().lines().toList()) {
      JsonNode n = json.readTree(l);
      offline.add(key(n.get("type").asText(), n.get("scope").asText(), n.get("value").asText(),
          n.get("scenario").asText(), n.get("duration").asText(), n.get("events").asInt(), n.get("offence").asInt()));
    }
    assertThat(offline).as("simulate decides on the samples").hasSizeGreaterThanOrEqualTo(4);

    // Without this machine's addresses in the allowlist: simulate does not add them (one sample
    // attacks from 127.0.0.1, which the live server would otherwise refuse; see the next test).
    String out = serve(config("prevent:\n  auto_allowlist: false\n"), Map.of(),
        Files.readAllLines(samples, StandardCharsets.UTF_8));
    assertThat(out).contains("patou serve: prevention: ").contains("enforcement none (record only");
    List<String> live = new ArrayList<>();
    try (DecisionStore store = new DecisionStore(tmp.resolve("data"))) {
      for (Decision d : store.all()) {
        live.add(key(d.type(), d.scope().label(), d.value(), d.scenario(), Decision.format(d.duration()), d.events(),
            d.offence()));
        assertThat(d.origin()).isEqualTo("patou");
        assertThat(d.dryRun()).isFalse();
        // Live durations count from receipt: the decision is active now, whatever the log's year.
        assertThat(d.until()).isAfter(Instant.now());
      }
    }
    assertThat(live).containsExactlyElementsOf(offline);
  }

  @Test
  void theAdministratorAndThisMachineCannotBeLockedOutLive() throws Exception {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    List<String> lines = new ArrayList<>();
    for (String ip : List.of("203.0.113.77", "127.0.0.1", "10.20.3.4", "198.51.100.1")) {
      for (int i = 0; i < 12; i++) {
        lines.add(f.format(Instant.now()) + " web1 sshd[4242]: Failed password for root from " + ip + " port "
            + (40000 + i) + " ssh2");
      }
    }
    String out = serve(config("allowlist: [10.20.0.0/16]\nprevent:\n  dry_run: true\n"),
        Map.of("SSH_CLIENT", "203.0.113.77 50022 22"), lines);
    assertThat(out).contains("enforcement none (dry run");
    try (DecisionStore store = new DecisionStore(tmp.resolve("data"))) {
      List<String> values = store.all().stream().map(Decision::value).distinct().toList();
      assertThat(values).containsExactly("198.51.100.1");
      assertThat(store.all()).allMatch(Decision::dryRun);
      assertThat(store.refusals()).as("attempts on the allowlisted addresses are recorded").isGreaterThanOrEqualTo(3);
    }
  }
}
