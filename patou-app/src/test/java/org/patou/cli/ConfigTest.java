package org.patou.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.Cli;
import org.patou.testing.Fixtures;

class ConfigTest {
  @TempDir Path tmp;

  @Test
  void valuesApplyAndTheCommandLineWins() {
    Fixtures.rules(tmp.resolve("conf/myrules"));
    Path logs = Fixtures.write(tmp.resolve("logs/a.json"),
        "{\"@timestamp\":\"2024-03-01T23:30:00Z\",\"process.name\":\"whoami.exe\"}\n{\"@timestamp\":\"2024-03-01T23:30:00Z\",\"event.outcome\":\"failure\"}\n");
    Path cfg = Fixtures.write(tmp.resolve("conf/patou.yml"),
        "data: data\nrules: myrules\nhunt:\n  min_level: high\n  timezone: Asia/Tokyo\n  threads: 2\n");
    Cli v = Cli.run("--config", cfg.toString(), "version");
    assertThat(v.out()).contains("data " + tmp.resolve("conf/data"));
    Cli r = Cli.run("hunt", "--config", cfg.toString(), "-q", logs.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    // Rules from the config's folder, level high only, times shown in Tokyo.
    assertThat(r.out()).contains("2024-03-02 08:30:00").contains("Whoami run").doesNotContain("SSH failure");
    Cli cli = Cli.run("hunt", "--config", cfg.toString(), "-q", "--min-level", "low", "--timezone", "UTC", logs.toString());
    assertThat(cli.out()).contains("2024-03-01 23:30:00").contains("SSH failure");
  }

  @Test
  void everySectionSomeCommandReadsIsAcceptedByTheOthers() {
    // serve, prevent, allowlist, exposure and egress are read by their own commands; a file that
    // holds them all must still work for the rest (one configuration file per installation).
    Path cfg = Fixtures.write(tmp.resolve("all.yml"), "data: d\nserve:\n  http: 127.0.0.1:8081\nprevent:\n  dry_run: true\n"
        + "allowlist: [192.0.2.0/24]\nexposure:\n  local_nets: [10.0.0.0/8]\negress:\n  block: false\n");
    Cli r = Cli.run("--config", cfg.toString(), "version");
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void mistakesAreUsageErrors() {
    for (String text : new String[] {"hunt:\n  min_levle: high\n", "datas: x\n", "hunt:\n  min_level: severe\n",
        "hunt:\n  timezone: Mars/Olympus\n", "hunt:\n  threads: -1\n", "[1, 2]\n", "a: [\n", "rules: 12\n"}) {
      Path cfg = Fixtures.write(tmp.resolve("bad.yml"), text);
      Cli r = Cli.run("--config", cfg.toString(), "version");
      assertThat(r.code()).as(text + r).isEqualTo(2);
      assertThat(r.err()).as(text).contains("--config " + cfg);
    }
  }
}
