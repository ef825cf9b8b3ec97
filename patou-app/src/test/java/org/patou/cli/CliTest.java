package org.patou.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.patou.testing.Cli;
import org.patou.testing.Fixtures;

class CliTest {
  @TempDir Path tmp;

  /** Every command and subcommand of the real root, found by walking it (so none is forgotten). */
  static List<String> commands() {
    List<String> out = new java.util.ArrayList<>();
    walk(Main.commandLine(new Main(), picocli.CommandLine.defaultFactory()), "", out);
    assertThat(out).contains("hunt", "rules check", "evtx dump", "serve", "simulate", "inventory import", "patch-plan");
    return out;
  }

  private static void walk(picocli.CommandLine cl, String prefix, List<String> out) {
    out.add(prefix);
    cl.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        walk(sub, prefix.isEmpty() ? name : prefix + " " + name, out);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpOnEveryCommand(String command) {
    for (String flag : List.of("--help", "-h")) {
      String[] args = (command.isEmpty() ? flag : command + " " + flag).split(" ");
      Cli r = Cli.run(args);
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Usage: patou" + (command.isEmpty() ? "" : " " + command));
    }
  }

  /** Only the subcommand called is built; without one named, all are (help, typos, no command). */
  @Test
  void onlyTheCalledSubcommandIsBuilt() {
    assertThat(Main.subcommandName("evtx", "dump", "x.evtx")).isEqualTo("evtx");
    assertThat(Main.subcommandName("--data", "hunt", "version")).isEqualTo("version");
    assertThat(Main.subcommandName("--config", "c.yaml", "--data=d", "hunt", "x")).isEqualTo("hunt");
    assertThat(Main.subcommandName("help", "hunt")).isNull();
    assertThat(Main.subcommandName("hnut", "x")).isNull();
    assertThat(Main.subcommandName("--help")).isNull();
    assertThat(Main.commandLine(new Main(), picocli.CommandLine.defaultFactory(), "evtx", "dump", "x").getSubcommands())
        .containsOnlyKeys("evtx");
    assertThat(Main.commandLine(new Main(), picocli.CommandLine.defaultFactory(), "help", "hunt").getSubcommands())
        .containsKeys("hunt", "evtx", "serve", "help");
    Cli typo = Cli.run("hnut");
    assertThat(typo.code()).isEqualTo(Main.FAILED);
    assertThat(typo.err()).contains("hunt"); // picocli's suggestion needs every name
  }

  @Test
  void helpSubcommand() {
    Cli r = Cli.run("help", "hunt");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: patou hunt").contains("--min-level");
  }

  @Test
  void dataIsInheritedBeforeAndAfterTheSubcommand() {
    Path d = tmp.resolve("d1");
    Cli before = Cli.run("--data", d.toString(), "version");
    Cli after = Cli.run("version", "--data", d.toString());
    assertThat(before.code()).as(before.toString()).isZero();
    assertThat(after.code()).as(after.toString()).isZero();
    assertThat(before.out()).contains("data " + d);
    assertThat(after.out()).contains("data " + d);
  }

  @Test
  void dataIsInheritedByNestedSubcommands() {
    Path rules = Fixtures.rules(tmp.resolve("rules"));
    Cli r = Cli.run("rules", "check", "--data", tmp.resolve("d").toString(), "--rules", rules.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    Cli r2 = Cli.run("rules", "--data", tmp.resolve("d").toString(), "check", "--rules", rules.toString());
    assertThat(r2.code()).as(r2.toString()).isZero();
  }

  @Test
  void configMustExistWhenGiven() {
    Cli r = Cli.run("--config", tmp.resolve("nope.yml").toString(), "version");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yml");
    Path cfg = Fixtures.write(tmp.resolve("patou.yml"), "hunt: {}\n");
    assertThat(Cli.run("version", "--config", cfg.toString()).code()).isZero();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(Cli.run().code()).isEqualTo(2);
    assertThat(Cli.run("--bogus").code()).isEqualTo(2);
    assertThat(Cli.run("hunt").code()).isEqualTo(2);
    assertThat(Cli.run("rules").code()).isEqualTo(2);
    Cli bad = Cli.run("hunt", "--min-level", "extreme", tmp.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("extreme");
    assertThat(Cli.run("hunt", "--format", "xml", tmp.toString()).code()).isEqualTo(2);
    assertThat(Cli.run("hunt", "--since", "yesterday-ish", "--rules", Fixtures.rules(tmp.resolve("r")).toString(), tmp.toString()).code())
        .isEqualTo(2);
  }

  @Test
  void versionCommandAndOption() {
    Cli r = Cli.run("version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("patou ");
    Cli v = Cli.run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("patou ");
  }
}
