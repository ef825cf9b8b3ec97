package org.patou.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.server.PatouServer;
import picocli.CommandLine.Command;

class ServeCommandTest {
  @TempDir Path tmp;

  /** Stands for org.patou.cli.Main: --data and --config inherited. */
  @Command(name = "patou")
  private static String run(ServeCommand serve, String... args) {
    ServeHarness.Run r = ServeHarness.execute(serve, args);
    assertThat(r.code()).as(r.out()).isZero();
    return r.out();
  }

  @Test
  void adminTokenFileIsWrittenWithMode0600ThenReused() throws Exception {
    Path tokenFile = tmp.resolve("secrets/admin.token");
    AtomicReference<String> seen = new AtomicReference<>();
    ServeCommand s = new ServeCommand();
    s.onStarted = server -> seen.set(server.httpAddress().toString());
    String out = run(s, "--data", tmp.resolve("data").toString(), "serve", "--http", "127.0.0.1:0",
        "--syslog-udp", "off", "--syslog-tcp", "127.0.0.1:0", "--admin-token-file", tokenFile.toString());
    assertThat(seen.get()).isNotNull();
    assertThat(out).contains("written to " + tokenFile).contains("syslog-tcp on 127.0.0.1:").doesNotContain("syslog-udp on");
    assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    ServeCommand again = new ServeCommand();
    AtomicReference<Boolean> ok = new AtomicReference<>();
    again.onStarted = server -> {
      ok.set(server.tokens().check(token) && !server.tokens().check(token + "x"));
      try {
        server.setRuleEnabled("some-rule", false);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    String out2 = run(again, "--data", tmp.resolve("data").toString(), "serve", "--http", "127.0.0.1:0",
        "--syslog-udp", "off", "--syslog-tcp", "off", "--admin-token-file", tokenFile.toString());
    assertThat(out2).contains("from " + tokenFile).doesNotContain(token);
    assertThat(ok.get()).isTrue();
    ServeCommand third = new ServeCommand();
    AtomicReference<Boolean> disabled = new AtomicReference<>();
    third.onStarted = server -> disabled.set(!server.rules().enabled("some-rule") && server.rules().enabled("other"));
    run(third, "--data", tmp.resolve("data").toString(), "serve", "--http", "127.0.0.1:0",
        "--syslog-udp", "off", "--syslog-tcp", "off", "--admin-token-file", tokenFile.toString());
    assertThat(disabled.get()).as("disabled rules are kept across restarts").isTrue();
  }

  @Test
  void firstStartPrintsTheTokenOnceAndKeepsOnlyItsHash() throws Exception {
    ServeCommand s = new ServeCommand();
    AtomicReference<PatouServer> srv = new AtomicReference<>();
    s.onStarted = srv::set;
    String out = run(s, "--data", tmp.resolve("d").toString(), "serve", "--http", "127.0.0.1:0", "--syslog-udp", "off", "--syslog-tcp", "off");
    String token = out.lines().filter(l -> l.contains("shown once")).findFirst().orElseThrow().replaceAll(".*: ", "");
    assertThat(token).startsWith("patou_");
    ServeCommand s2 = new ServeCommand();
    AtomicReference<Boolean> ok = new AtomicReference<>();
    s2.onStarted = server -> ok.set(server.tokens().check(token));
    String out2 = run(s2, "--data", tmp.resolve("d").toString(), "serve", "--http", "127.0.0.1:0", "--syslog-udp", "off", "--syslog-tcp", "off");
    assertThat(out2).doesNotContain(token).contains("already created");
    assertThat(ok.get()).isTrue();
    try (var files = Files.walk(tmp.resolve("d"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(token);
      }
    }
  }

  @Test
  void optionsFromTheConfigFileCommandLineWins() throws Exception {
    Path conf = tmp.resolve("patou.yaml");
    Files.writeString(conf, "data: state\nserve:\n  http: 127.0.0.1:0\n  syslog_udp: 'off'\n  syslog_tcp: 'off'\n"
        + "  retention_days: 7\n  queue_capacity: 4096\n  timezone: Europe/Paris\n", StandardCharsets.UTF_8);
    var o = ServeHarness.parsed(new ServeCommand(), "--config", conf.toString(), "serve", "--syslog-tcp", "127.0.0.1:6514")
        .options();
    assertThat(o.dataDir()).isEqualTo(tmp.resolve("state"));
    assertThat(o.retentionDays()).isEqualTo(7);
    assertThat(o.queueCapacity()).isEqualTo(4096);
    assertThat(o.syslogUdp()).isNull();
    assertThat(o.syslogTcp().address().getPort()).isEqualTo(6514);
    assertThat(o.zone().getId()).isEqualTo("Europe/Paris");
  }

  /** A serve command parsed under the stand-in root with {@code --config conf}, not run. */
  private static ServeCommand withConfig(Path conf) {
    return ServeHarness.parsed(new ServeCommand(), "--config", conf.toString(), "serve");
  }

  /** Misspelt keys are errors, in serve's own section and at the top (checked as by every command). */
  @Test
  void unknownConfigKeysAreErrors() throws Exception {
    Path conf = tmp.resolve("bad.yaml");
    for (String[] c : new String[][] {
        {"serve:\n  htpp: 127.0.0.1:1\n", "unknown key 'serve.htpp'"},
        {"prevnet:\n  dry_run: true\nserve:\n  http: 127.0.0.1:0\n", "unknown key 'prevnet'"}}) {
      Files.writeString(conf, c[0], StandardCharsets.UTF_8);
      org.assertj.core.api.Assertions.assertThatThrownBy(withConfig(conf)::options).hasMessageContaining(c[1]);
    }
    Files.writeString(conf, "data: relative-data\nserve:\n  http: 127.0.0.1:0\n", StandardCharsets.UTF_8);
    assertThat(withConfig(conf).options().dataDir()).isEqualTo(tmp.resolve("relative-data"));
  }

  @Test
  void defaultsWorkOnALaptop() throws Exception {
    var o = ServeHarness.parsed(new ServeCommand(), "--data", tmp.toString(), "serve").options();
    assertThat(o.http().getHostString() + ":" + o.http().getPort()).isEqualTo("127.0.0.1:8080");
    assertThat(o.syslogTcp().address().getPort()).isEqualTo(5514);
  }
}
