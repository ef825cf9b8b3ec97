package org.patou.cli.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.respond.BouncerStore;
import org.patou.testing.Cli;

class BouncersCommandTest {
  @Test
  void addPrintsTheKeyOnceListShowsNoKeyDeleteRevokes(@TempDir Path dir) throws Exception {
    String data = dir.resolve("data").toString();
    Cli add = Cli.run("--data", data, "bouncers", "add", "firewall");
    assertThat(add.code()).as(add.toString()).isZero();
    String key = add.out().lines().map(String::strip).filter(l -> l.matches("[0-9a-f]{64}")).findFirst().orElseThrow();
    assertThat(add.out()).contains("API key for 'firewall'").contains("you will not be able to retrieve it");
    Cli raw = Cli.run("--data", data, "bouncers", "add", "nginx", "-o", "raw", "-k", "0123456789abcdef-given");
    assertThat(raw.out().strip()).isEqualTo("0123456789abcdef-given");
    Cli again = Cli.run("--data", data, "bouncers", "add", "firewall");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("bouncer firewall already exists");
    assertThat(Cli.run("--data", data, "bouncers", "add", "short", "-k", "abc").err()).contains("16 to 200 characters");

    Cli list = Cli.run("--data", data, "bouncers", "list");
    assertThat(list.out()).contains("firewall").contains("nginx").contains("last pull never").contains("2 bouncer(s)")
        .doesNotContain(key).doesNotContain("0123456789abcdef-given");
    try (BouncerStore s = new BouncerStore(dir.resolve("data"))) {
      assertThat(s.authenticate(key).name()).isEqualTo("firewall");
      assertThat(s.authenticate("0123456789abcdef-given").name()).isEqualTo("nginx");
      assertThat(s.authenticate(key.substring(1))).isNull();
    }
    Cli del = Cli.run("--data", data, "bouncers", "delete", "firewall", "ghost");
    assertThat(del.code()).isEqualTo(1);
    assertThat(del.out()).contains("bouncer 'firewall' deleted");
    assertThat(del.err()).contains("no bouncer named 'ghost'");
    try (BouncerStore s = new BouncerStore(dir.resolve("data"))) {
      assertThat(s.authenticate(key)).isNull();
      assertThat(s.list()).extracting(BouncerStore.Bouncer::name).containsExactly("nginx");
    }
  }
}
