package org.patou.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.hunt.EvtxSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patou evtx}: tools for Windows EVTX files. */
@Command(
    name = "evtx",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Reads Windows event log files (.evtx).",
    subcommands = {EvtxCommand.Dump.class, CommandLine.HelpCommand.class})
final class EvtxCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new PatouException(Main.FAILED, "evtx needs a subcommand: dump");
  }

  enum Format {
    jsonl,
    xml
  }

  /** {@code patou evtx dump}. */
  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      versionProvider = VersionCommand.Provider.class,
      description = "Prints every record of EVTX files, one per line, as JSON or XML.",
      footer = {"", "Exit codes: 0 done, 1 some files could not be read (named on stderr), 2 none could."})
  static final class Dump implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "EVTX files.")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "jsonl or xml. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() throws IOException {
      OutputStream bytes = Main.of(spec).stdoutBytes();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      // From a terminal or a pipe, records go out as UTF-8 bytes; under tests, as text.
      EvtxSupport.LineBytes lines =
          bytes == null ? null : new EvtxSupport.LineBytes(new BufferedOutputStream(bytes, 1 << 16), format == Format.xml);
      java.io.Flushable flush = lines != null ? lines : out;
      int failed = 0;
      try {
        for (Path f : files) {
          try {
            String problem =
                lines != null ? EvtxSupport.dump(f, lines) : EvtxSupport.dump(f, format == Format.xml, out);
            if (problem != null) {
              failed++;
              flush.flush();
              err.println("patou: " + f + ": " + problem);
            }
          } catch (EvtxSupport.OutputFailed e) {
            throw e;
          } catch (IOException | RuntimeException e) {
            failed++;
            flush.flush();
            err.println("patou: cannot read " + f + ": " + e.getMessage());
          }
        }
        flush.flush();
      } catch (EvtxSupport.OutputFailed | IOException e) {
        // The reader of the output went away (| head) or the disk is full: nothing more to do.
        err.println("patou: cannot write the output: " + e.getMessage());
        return Main.FAILED;
      }
      return failed == 0 ? Main.OK : failed == files.size() ? Main.FAILED : Main.SOME_INPUTS;
    }
  }
}
