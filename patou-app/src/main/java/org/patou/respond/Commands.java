package org.patou.respond;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command on the caller's thread, with input, a timeout and captured output. */
public final class Commands {
  private Commands() {}

  /** Exit code and output (stdout and stderr together) of a finished command. */
  public record Result(int exit, String output) {}

  public static Result run(List<String> command, String stdin, Map<String, String> env, long timeoutSeconds)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    try (OutputStream os = p.getOutputStream()) {
      if (stdin != null) {
        os.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream is = p.getInputStream()) {
      // nft and hooks write little; reading to the end here is bounded by the timeout below.
      is.transferTo(out);
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, out.toString(StandardCharsets.UTF_8) + "\n(timed out)");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }
}
