package org.patou.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.patou.sigma.rule.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patou demo}: hunts a small bundled sample of one attack story with the bundled rules and
 * prints what fired. The sample lives in the jar under {@code /demo/} (listed in {@code
 * demo/index.txt}) and is copied to a temporary folder for the hunt.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Hunts a small bundled sample (one attack story on Windows machines) with the bundled rules",
      "and prints what fired. Nothing is written outside a temporary folder unless --report is given."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the HTML report.")
  Path report;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, jsonl or csv. Default: ${DEFAULT-VALUE}.")
  HuntCommand.Format format;

  @Override
  public Integer call() throws IOException {
    Main main = Main.of(spec);
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("patou-demo");
    try {
      List<Path> files = extract(dir);
      if (format == HuntCommand.Format.text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("patou demo: hunting " + files.size() + " bundled sample files (the Windows events of one attack");
        out.println("story, as JSON lines and as .evtx) with the bundled SigmaHQ rules, level low and up.");
        out.println("What they are: patou-app/src/main/resources/demo/README.md");
        out.println();
        out.flush();
      }
      HuntRunner.Request r =
          new HuntRunner.Request(
              List.of(dir),
              HuntRunner.rulesDir(null, main),
              Level.LOW,
              format,
              null,
              null,
              ZoneOffset.UTC,
              report,
              true,
              Runtime.getRuntime().availableProcessors(),
              "patou demo report",
              dir);
      int code = new HuntRunner(main.engine(), spec.commandLine().getOut(), err).run(r);
      if (report != null) {
        err.println("patou: report written to " + report);
      }
      return code;
    } finally {
      deleteTree(dir);
    }
  }

  static List<Path> extract(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (InputStream idx = DemoCommand.class.getResourceAsStream("/demo/index.txt")) {
      if (idx == null) {
        throw new PatouException(Main.FAILED, "the demo sample is not in this build (/demo/index.txt)");
      }
      for (String name : new String(idx.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        name = name.trim();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
          if (in == null) {
            throw new PatouException(Main.FAILED, "demo sample file missing from the build: " + name);
          }
          Path target = dir.resolve(name);
          Files.copy(in, target);
          files.add(target);
        }
      }
    }
    return files;
  }

  private static void deleteTree(Path p) {
    try (Stream<Path> walk = Files.walk(p)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(q -> {
        try {
          Files.deleteIfExists(q);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind is not worth failing the demo
    }
  }
}
