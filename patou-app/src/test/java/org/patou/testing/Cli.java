package org.patou.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.patou.cli.Main;
import org.patou.hunt.Engine;

/** Runs the command line in-process and keeps what it printed. */
public record Cli(int code, String out, String err) {

  public static Cli run(Engine engine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Main(engine), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  public static Cli run(String... args) {
    return run(new FakeEngine(), args);
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
