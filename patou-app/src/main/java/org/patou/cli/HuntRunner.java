package org.patou.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.patou.hunt.Engine;
import org.patou.hunt.FileResult;
import org.patou.hunt.Hunt;
import org.patou.hunt.InputFiles;
import org.patou.report.CsvWriter;
import org.patou.report.DetectionWriter;
import org.patou.report.Finding;
import org.patou.report.HtmlReport;
import org.patou.report.JsonlWriter;
import org.patou.report.Summary;
import org.patou.report.TextWriter;
import org.patou.rules.RuleLocations;
import org.patou.rules.RuleTree;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.Level;

/** Runs a hunt for {@code hunt} and {@code demo}: load rules, read files, write detections. */
final class HuntRunner {
  record Request(
      List<Path> paths,
      Path rules,
      Level minLevel,
      HuntCommand.Format format,
      Long since,
      Long until,
      ZoneId zone,
      Path report,
      boolean quiet,
      int threads,
      String title,
      Path displayBase) {}

  private final Engine engine;
  private final PrintWriter out;
  private final PrintWriter err;

  HuntRunner(Engine engine, PrintWriter out, PrintWriter err) {
    this.engine = engine;
    this.out = out;
    this.err = err;
  }

  static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new PatouException(Main.FAILED, "--timezone " + id + ": unknown zone (use UTC, Europe/Paris, +02:00...)");
    }
  }

  static Long time(String option, String value, ZoneId zone) {
    if (value == null) {
      return null;
    }
    try {
      return TimeArg.parse(value, zone, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new PatouException(Main.FAILED, option + " " + e.getMessage());
    }
  }

  /** {@code --rules}, else the configuration's, else the installed set, else the bundled tree. */
  static Path rulesDir(Path given, Main main) {
    if (given != null) {
      if (!Files.exists(given)) {
        throw new PatouException(Main.FAILED, "--rules " + given + ": no such file or directory");
      }
      return given;
    }
    Path configured = main.config().rules();
    if (configured != null) {
      if (!Files.exists(configured)) {
        throw new PatouException(Main.FAILED, "rules " + configured + " (from --config): no such file or directory");
      }
      return configured;
    }
    Path p = RuleLocations.defaultRules(main.dataDir());
    if (p == null) {
      throw new PatouException(
          Main.FAILED,
          "no rules found: give --rules DIR, or run patou from its folder (rules/sigmahq), or set -Dpatou.home");
    }
    return p;
  }

  int run(Request r) {
    long start = System.nanoTime();
    if (r.report() != null) {
      Path parent = r.report().toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new PatouException(Main.FAILED, "--report " + r.report() + ": no such directory " + parent);
      }
      if (Files.isDirectory(r.report())) {
        throw new PatouException(Main.FAILED, "--report " + r.report() + " is a directory");
      }
    }
    // Rules
    RuleTree.Read read;
    try {
      read = RuleTree.read(r.rules());
    } catch (IOException | UncheckedIOException e) {
      throw new PatouException(Main.FAILED, "cannot read the rules in " + r.rules() + ": " + e.getMessage());
    }
    Engine.Loaded loaded = engine.load(read.sources(), r.minLevel());
    if (loaded.summary().loaded() == 0) {
      throw new PatouException(
          Main.FAILED, "no rule loaded from " + r.rules() + " (run: patou rules check --rules " + r.rules() + ")");
    }
    // Inputs
    List<String> problems = new ArrayList<>();
    List<Path> files =
        InputFiles.collect(
            r.paths(),
            (p, m) -> {
              problems.add(p + ": " + m);
              err.println("patou: " + p + ": " + m);
            });
    if (files.isEmpty()) {
      throw new PatouException(Main.FAILED, problems.isEmpty() ? "no input files found in " + r.paths() : "nothing to read");
    }
    ConsoleProgress progress = ConsoleProgress.create(err, r.quiet());
    DetectionWriter writer;
    try {
      writer =
          switch (r.format()) {
            case jsonl -> new JsonlWriter(out);
            case csv -> new CsvWriter(out);
            default -> new TextWriter(out, r.zone());
          };
    } catch (IOException e) {
      throw new PatouException(Main.FAILED, "cannot write: " + e.getMessage());
    }
    HtmlReport html = r.report() == null ? null : new HtmlReport(r.zone());
    int[] read2 = {0, 0};
    long[] counts = {0, 0};
    Hunt hunt = new Hunt(loaded.matcher(), new Hunt.Options(r.since(), r.until(), r.zone(), r.threads()), progress);
    try {
      hunt.run(
          files,
          (FileResult res) -> {
            counts[0] += res.records();
            if (res.error() != null) {
              String line = res.file() + ": " + res.error();
              problems.add(line);
              progress.message("patou: cannot read " + line);
            } else if (res.skipped() != null) {
              read2[1]++;
              if (!r.quiet() && res.format() == org.patou.parse.InputFormat.TEXT) {
                progress.message("patou: skipped " + res.file() + ": " + res.skipped());
              }
            } else {
              read2[0]++;
            }
            String name =
                r.displayBase() == null ? res.file().toString() : r.displayBase().relativize(res.file()).toString();
            for (Detection d : res.detections()) {
              Finding f = new Finding(name, d);
              counts[1]++;
              try {
                writer.write(f);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              if (html != null) {
                html.add(f);
              }
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PatouException(Main.FAILED, "interrupted");
    } catch (UncheckedIOException e) {
      throw new PatouException(Main.FAILED, "cannot write the output: " + e.getCause().getMessage());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Summary s =
        new Summary(files.size(), read2[0], read2[1], counts[0], counts[1], loaded.summary().loaded(), List.copyOf(problems), millis);
    try {
      writer.end(s);
      if (html != null) {
        html.write(r.report(), s, r.title());
        if (!r.quiet()) {
          err.println("patou: report written to " + r.report());
        }
      }
    } catch (IOException e) {
      throw new PatouException(Main.FAILED, "cannot write " + (html != null ? r.report() : "the output") + ": " + e.getMessage());
    }
    out.flush();
    err.flush();
    if (problems.isEmpty()) {
      return Main.OK;
    }
    return read2[0] + read2[1] == 0 ? Main.FAILED : Main.SOME_INPUTS;
  }
}
