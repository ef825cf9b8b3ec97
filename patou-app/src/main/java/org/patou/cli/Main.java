package org.patou.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code patou} command line. */
@Command(
    name = "patou",
    mixinStandardHelpOptions = true,
    version = "patou 0.1.0",
    description = "A self-hosted SOC: detection, prevention, inventory, response.")
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
