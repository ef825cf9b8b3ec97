package org.patou.cli.inventory;

import picocli.CommandLine;

/**
 * Runs this module's commands under {@link TestRoot} from the test classpath, until the lead wires
 * them into patou-app: {@code java -cp <test classpath> org.patou.cli.inventory.DevMain --data D
 * inventory list}.
 */
public final class DevMain {
  private DevMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new TestRoot()).execute(args));
  }
}
