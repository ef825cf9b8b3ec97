package org.patou.cli;

import java.util.Locale;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.hunt.LoadSummary;
import org.patou.rules.RuleLocations;
import org.patou.rules.RuleStore;
import org.patou.rules.RuleTree;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patou rules}: check a rule tree, install a newer SigmaHQ release. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Checks and updates the Sigma rules.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Update.class, CommandLine.HelpCommand.class})
final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new PatouException(Main.FAILED, "rules needs a subcommand: check or update");
  }

  enum Format {
    text,
    json
  }

  /** {@code patou rules check}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      versionProvider = VersionCommand.Provider.class,
      description = {
        "Loads a rule tree (every .yml/.yaml below it) and reports what loads and what does not:",
        "files, rules, loaded, unmapped (loaded, but no pipeline maps the log source),",
        "unsupported (rule id, file, reason) and invalid (file, line, message)."
      },
      footer = {"", "Exit codes: 0 checked (whatever it found), 2 the tree could not be read."})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule tree. Default: rules of --config, else the set installed by 'rules update', else the bundled SigmaHQ rules.")
    Path rules;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() throws IOException {
      Main main = Main.of(spec);
      Path dir = HuntRunner.rulesDir(rules, main);
      RuleTree.Read read;
      try {
        read = RuleTree.read(dir);
      } catch (IOException | UncheckedIOException e) {
        throw new PatouException(Main.FAILED, "cannot read the rules in " + dir + ": " + e.getMessage());
      }
      LoadSummary s = main.engine().load(read.sources(), Level.INFORMATIONAL).summary();
      List<RuleProblem> invalid = new ArrayList<>(read.unreadable());
      invalid.addAll(s.invalid());
      LoadSummary all =
          new LoadSummary(s.files() + read.unreadable().size(), s.rules(), s.loaded(), s.unmapped(), s.unsupported(), invalid);
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.json) {
        writeJson(all, out);
      } else {
        writeText(all, dir, out);
      }
      out.flush();
      return Main.OK;
    }

    static void writeJson(LoadSummary s, PrintWriter out) throws IOException {
      JsonGenerator g = new JsonFactory().createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeNumberField("files", s.files());
      g.writeNumberField("rules", s.rules());
      g.writeNumberField("loaded", s.loaded());
      g.writeNumberField("unmapped", s.unmapped());
      g.writeArrayFieldStart("unsupported");
      for (RuleProblem p : s.unsupported()) {
        g.writeStartObject();
        if (p.ruleId() == null) {
          g.writeNullField("id");
        } else {
          g.writeStringField("id", p.ruleId());
        }
        g.writeStringField("file", p.file());
        g.writeStringField("reason", p.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("invalid");
      for (RuleProblem p : s.invalid()) {
        g.writeStartObject();
        g.writeStringField("file", p.file());
        g.writeNumberField("line", p.line());
        g.writeStringField("message", p.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      out.println();
    }

    static void writeText(LoadSummary s, Path dir, PrintWriter out) {
      out.printf(Locale.ROOT, "Rules in %s%n", dir);
      out.printf(Locale.ROOT, "  files        %6d%n", s.files());
      out.printf(Locale.ROOT, "  rules        %6d%n", s.rules());
      out.printf(Locale.ROOT, "  loaded       %6d%n", s.loaded());
      out.printf(Locale.ROOT, "  unmapped     %6d  (loaded; no pipeline maps their log source)%n", s.unmapped());
      out.printf(Locale.ROOT, "  unsupported  %6d%n", s.unsupported().size());
      out.printf(Locale.ROOT, "  invalid      %6d%n", s.invalid().size());
      if (!s.unsupported().isEmpty()) {
        out.println();
        out.println("Unsupported (valid Sigma that patou cannot run):");
        for (RuleProblem p : s.unsupported()) {
          out.printf(Locale.ROOT, "  %s  %s: %s%n", p.ruleId() == null ? "-" : p.ruleId(), p.file(), p.message());
        }
      }
      if (!s.invalid().isEmpty()) {
        out.println();
        out.println("Invalid:");
        for (RuleProblem p : s.invalid()) {
          out.printf(Locale.ROOT, "  %s:%d: %s%n", p.file(), p.line(), p.message());
        }
      }
    }
  }

  /** {@code patou rules update FILE.zip}. */
  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      versionProvider = VersionCommand.Provider.class,
      description = {
        "Installs a SigmaHQ release archive (a .zip downloaded elsewhere: patou works offline)",
        "into the data directory. The archive must hold rule files that load; the switch is",
        "atomic, and when the new set fails the rules in use are kept. Afterwards hunt and",
        "rules check use the installed set unless --rules is given."
      },
      footer = {"", "Exit codes: 0 installed, 2 refused (the rules in use are unchanged)."})
  static final class Update implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE.zip", description = "A SigmaHQ rules release archive, e.g. sigma_all_rules.zip.")
    Path zip;

    @Override
    public Integer call() throws IOException {
      Main main = Main.of(spec);
      if (!Files.isRegularFile(zip)) {
        throw new PatouException(Main.FAILED, zip + ": no such file");
      }
      Path data = main.dataDir();
      RuleStore store = new RuleStore(data);
      Path before = RuleLocations.defaultRules(data);
      RuleStore.Update u;
      try {
        u = store.update(zip, main.engine(), before);
      } catch (RuleStore.UpdateException e) {
        throw new PatouException(Main.FAILED, e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      LoadSummary s = u.load();
      out.printf(Locale.ROOT, "Installed %d rule files from %s into %s%n", u.ruleFiles(), zip, u.set());
      out.printf(Locale.ROOT, "  %d rules load (%d unmapped), %d unsupported, %d invalid%n",
          s.loaded(), s.unmapped(), s.unsupported().size(), s.invalid().size());
      out.printf(Locale.ROOT, "  compared with %s: %d added, %d removed, %d changed, %d unchanged%n",
          before == null ? "nothing" : before, u.added(), u.removed(), u.changed(), u.unchanged());
      out.flush();
      return Main.OK;
    }
  }
}
