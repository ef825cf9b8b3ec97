package org.patou.cli.serve;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code patou serve} under a stand-in root that has only the two inherited options ({@code --data},
 * {@code --config}), as the serve tests run it: the real root would build every other command.
 */
final class ServeHarness {
  private ServeHarness() {}

  static final class Root {
    @Option(names = "--data", scope = ScopeType.INHERIT) Path data;
    @Option(names = "--config", scope = ScopeType.INHERIT) Path config;
  }

  /** Exit code and what the command printed (stdout and stderr together). */
  record Run(int code, String out) {}

  private static CommandLine line(ServeCommand serve) {
    CommandLine cl = new CommandLine(new Root());
    cl.addSubcommand("serve", serve);
    return cl;
  }

  /** Runs {@code args} (root options, "serve", serve's options). */
  static Run execute(ServeCommand serve, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = line(serve);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int code = cl.execute(args);
    return new Run(code, out.toString());
  }

  /** Parses {@code args} into {@code serve} without running it (for {@link ServeCommand#options}). */
  static ServeCommand parsed(ServeCommand serve, String... args) {
    line(serve).parseArgs(args);
    return serve;
  }
}
