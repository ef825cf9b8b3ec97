package org.patou.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real corpora are: {@code ../shared/data} beside the project root. Tests that need them
 * call {@link #require(String)}, which skips the test, saying so, only when {@code ../shared} is
 * absent; a missing sub-folder of a present {@code ../shared} is a failure, not a skip.
 */
public final class SharedData {
  private SharedData() {}

  /** The project root: the {@code patou.root} property Surefire sets, else the working directory. */
  public static Path projectRoot() {
    String root = System.getProperty("patou.root");
    Path p = root == null ? Paths.get("").toAbsolutePath() : Paths.get(root).toAbsolutePath();
    // Run from a module directory by an IDE: climb to the folder holding the parent POM's mvnw.
    for (Path q = p; q != null; q = q.getParent()) {
      if (Files.exists(q.resolve("mvnw")) && Files.exists(q.resolve("patou-core"))) {
        return q;
      }
    }
    return p;
  }

  /** {@code ../shared} or null when absent. */
  public static Path sharedOrNull() {
    Path shared = projectRoot().resolveSibling("shared");
    return Files.isDirectory(shared) ? shared : null;
  }

  /** {@code ../shared/data/<relative>}; skips the calling test when {@code ../shared} is absent. */
  public static Path require(String relative) {
    Path shared = sharedOrNull();
    Assumptions.assumeTrue(shared != null, "skipped: ../shared is absent beside " + projectRoot());
    Path p = shared.resolve("data").resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError("../shared is present but " + p + " is missing");
    }
    return p;
  }
}
