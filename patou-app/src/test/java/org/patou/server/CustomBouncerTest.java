package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.respond.BouncerStore;
import org.patou.respond.DecisionStore;
import org.patou.testing.TestServer;

/**
 * A real CrowdSec bouncer against patou serve: Debian's {@code crowdsec-custom-bouncer}, unchanged,
 * configured with patou's address and a key from {@link BouncerStore}, runs a script that records
 * its calls. The bouncer must add what patou decides and delete what is lifted or expires.
 */
class CustomBouncerTest {
  static final Path BOUNCER = Path.of("/usr/bin/crowdsec-custom-bouncer");

  @Test
  void debianCustomBouncerAddsAndDeletesWhatPatouDecides(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(BOUNCER), "skipped: " + BOUNCER + " is missing (apt-get install crowdsec-custom-bouncer)");
    Path data = tmp.resolve("data");
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    Path calls = tmp.resolve("calls.txt");
    Files.createFile(calls);
    Path script = tmp.resolve("record.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    try (TestServer t = new TestServer(data, rules)) {
      Instant now = Instant.now();
      Decision lifted;
      Decision expiring;
      try (DecisionStore s = new DecisionStore(data)) {
        lifted = s.add(new Decision(0, "ban", Scope.IP, "192.0.2.7", "ssh-bf", "test", "patou", now, now.plus(Duration.ofHours(4)), 6, 1, false));
        s.add(new Decision(0, "ban", Scope.IP, "203.0.113.9", "ssh-bf", "test", "patou", now, now.plus(Duration.ofHours(4)), 6, 1, true));
      }
      String key;
      try (BouncerStore b = new BouncerStore(data)) {
        key = b.add("custom", BouncerStore.newKey());
      }
      Path config = tmp.resolve("bouncer.yaml");
      Files.writeString(config, String.join("\n",
          "bin_path: " + script,
          "feed_via_stdin: false",
          "total_retries: 0",
          "scenarios_containing: []",
          "scenarios_not_containing: []",
          "origins: []",
          "piddir: " + tmp,
          "update_frequency: 1s",
          "cache_retention_duration: 1s",
          "daemonize: false",
          "log_mode: file",
          "log_dir: " + tmp,
          "log_level: info",
          "api_url: http://127.0.0.1:" + t.server.httpAddress().getPort() + "/",
          "api_key: " + key,
          "prometheus:",
          "  enabled: false",
          ""), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(BOUNCER.toString(), "-c", config.toString())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("bouncer.out").toFile()).start();
      try {
        await(calls, l -> l.startsWith("add 192.0.2.7 "), p, tmp);
        try (DecisionStore s = new DecisionStore(data)) {
          Instant n = Instant.now();
          expiring = s.add(new Decision(0, "ban", Scope.IP, "192.0.2.8", "ssh-slow-bf", "test", "patou", n,
              n.plus(Duration.ofSeconds(3)), 10, 1, false));
        }
        await(calls, l -> l.startsWith("add 192.0.2.8 "), p, tmp);
        await(calls, l -> l.startsWith("del 192.0.2.8 "), p, tmp);
        assertThat(Instant.now()).as("deleted once expired, not before").isAfterOrEqualTo(expiring.until());
        assertThat(lines(calls)).noneMatch(l -> l.startsWith("del 192.0.2.7 "));
        try (DecisionStore s = new DecisionStore(data)) {
          assertThat(s.delete(lifted.id(), null, Instant.now())).hasSize(1);
        }
        await(calls, l -> l.startsWith("del 192.0.2.7 "), p, tmp);
        assertThat(lines(calls)).as("dry-run decisions are not enforced").noneMatch(l -> l.contains("203.0.113.9"));
        // Its duration argument: the seconds left (about 4 h for the first one).
        String add7 = lines(calls).stream().filter(l -> l.startsWith("add 192.0.2.7 ")).findFirst().orElseThrow();
        long secs = Long.parseLong(add7.split(" ")[2]);
        assertThat(secs).isBetween(4 * 3600L - 120, 4 * 3600L);
        assertThat(add7).contains("ssh-bf");
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      try (BouncerStore b = new BouncerStore(data)) {
        assertThat(b.find("custom").userAgent()).as("the bouncer's own User-Agent is kept").isNotBlank();
      }
    }
  }

  private static List<String> lines(Path f) throws IOException {
    return Files.readAllLines(f, StandardCharsets.UTF_8);
  }

  /** Waits (30 s at most) for a recorded call; fails with what the bouncer did and said. */
  private static void await(Path calls, Predicate<String> want, Process p, Path tmp) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      if (lines(calls).stream().anyMatch(want)) {
        return;
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    String log = "";
    try (var s = Files.list(tmp)) {
      for (Path f : s.filter(x -> x.toString().endsWith(".log") || x.toString().endsWith(".out")).toList()) {
        log += f.getFileName() + ":\n" + Files.readString(f, StandardCharsets.UTF_8) + "\n";
      }
    }
    throw new AssertionError("the bouncer did not make the expected call; calls:\n" + String.join("\n", lines(calls))
        + "\nalive: " + p.isAlive() + "\n" + log);
  }
}
