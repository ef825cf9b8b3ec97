package org.patou.evtx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.patou.testkit.SharedData;

/** Runs the reference reader ({@code ../shared/tools/evtx-rust/evtx_dump}) when it is there. */
final class ReferenceDump {
  private ReferenceDump() {}

  /** The binary, or null (the caller then skips its comparison and says so). */
  static Path binary() {
    Path shared = SharedData.sharedOrNull();
    Path p = shared == null ? null : shared.resolve("tools/evtx-rust/evtx_dump");
    return p != null && Files.isExecutable(p) ? p : null;
  }

  /** {@code evtx_dump -o <format> -t 1 file} as text. */
  static String run(Path file, String format) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(binary().toString(), "-o", format, "-t", "1", file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("evtx_dump timed out on " + file);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** JSON lines of {@code evtx_dump -o jsonl}. */
  static List<String> jsonl(Path file) throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    for (String l : run(file, "jsonl").split("\n", -1)) {
      if (!l.isEmpty()) {
        lines.add(l);
      }
    }
    return lines;
  }
}
