package org.patou.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small files for tests: fake rules and inputs. */
public final class Fixtures {
  private Fixtures() {}

  public static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A rule for {@link FakeEngine}. */
  public static String rule(String id, String title, String level, String field, String value) {
    return "title: " + title + "\nid: " + id + "\nlevel: " + level + "\n# fake: " + field + "=" + value + "\n";
  }

  /** A small fake rule tree: whoami (high), ssh failure (medium), an informational one. */
  public static Path rules(Path dir) {
    write(dir.resolve("a/whoami.yml"), rule("11111111-0000-0000-0000-000000000001", "Whoami run", "high", "process.name", "whoami.exe"));
    write(dir.resolve("b/ssh.yml"), rule("11111111-0000-0000-0000-000000000002", "SSH failure", "medium", "event.outcome", "failure"));
    write(dir.resolve("b/info.yml"), rule("11111111-0000-0000-0000-000000000003", "Any sshd line", "informational", "process.name", "sshd"));
    return dir;
  }
}
