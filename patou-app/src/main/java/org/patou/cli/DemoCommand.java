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
 * {@code patou demo}: starts the server on 127.0.0.1 with the bundled rules, replays one bundled
 * attack story into it ({@link DemoReplay}) and prints the address of the web pages, then serves
 * until stopped. {@code --offline} instead hunts the story's files and prints what fired (the
 * first demo, kept: it needs no port). The sample lives in the jar under {@code /demo/} (listed in
 * {@code demo/index.txt}) and is copied to a temporary folder.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Starts patou's server on 127.0.0.1 with the bundled rules, replays a bundled attack story into",
      "it (an exposed web server probed and brute-forced, then two Windows machines) and prints the",
      "address of its web pages; Ctrl-C stops it. Data goes to a temporary folder unless --data is given.",
      "--offline hunts the story's files instead and prints what fired."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--offline", description = "Hunt the bundled files and print the detections; start no server.")
  boolean offline;

  @Option(names = "--http", paramLabel = "ADDR:PORT", description = "The web server's address. Default 127.0.0.1:8080, or a free port when 8080 is taken.")
  String http;

  @Option(names = "--exit", description = "Stop once the story is replayed and summed up (scripts, tests) instead of serving until Ctrl-C.")
  boolean exitAfterReplay;

  @Option(names = "--report", paramLabel = "FILE.html", description = "With --offline: also write the HTML report.")
  Path report;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "With --offline: text, jsonl or csv. Default: ${DEFAULT-VALUE}.")
  HuntCommand.Format format;

  @Override
  public Integer call() throws IOException, InterruptedException, java.sql.SQLException {
    Main main = Main.of(spec);
    if (!offline) {
      if (report != null) {
        throw new PatouException(Main.FAILED, "--report goes with --offline (the server shows its findings on its web pages)");
      }
      return new DemoServer(main, spec.commandLine().getOut(), spec.commandLine().getErr()).run(http, exitAfterReplay);
    }
    return hunt(main);
  }

  private int hunt(Main main) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("patou-demo");
    try {
      List<Path> files = extract(dir);
      if (format == HuntCommand.Format.text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("patou demo: hunting " + files.size() + " bundled sample files (the events of one attack story: syslog");
        out.println("of an exposed web server, Windows events as JSON lines and .evtx) with the bundled SigmaHQ rules, level low and up.");
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

  static void deleteTree(Path p) {
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
