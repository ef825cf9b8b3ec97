package org.patou.rules;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: patou's home (the folder holding {@code rules/}, set by the launcher as the
 * {@code patou.home} system property, else found from the jar's place) and the default rule tree.
 */
public final class RuleLocations {
  private RuleLocations() {}

  /** The bundled SigmaHQ tree relative to patou's home. */
  public static final String BUNDLED = "rules/sigmahq";

  /**
   * patou's home: {@code -Dpatou.home}, else the first folder above the running jar (or classes
   * folder) that holds {@value #BUNDLED}, else null.
   */
  public static Path home() {
    String prop = System.getProperty("patou.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    try {
      var src = RuleLocations.class.getProtectionDomain().getCodeSource();
      if (src != null) {
        for (Path p = Path.of(src.getLocation().toURI()).toAbsolutePath(); p != null; p = p.getParent()) {
          if (Files.isDirectory(p.resolve(BUNDLED))) {
            return p;
          }
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through
    }
    return null;
  }

  /** The bundled rule tree, or null when it cannot be found. */
  public static Path bundled() {
    Path home = home();
    if (home == null) {
      return null;
    }
    Path p = home.resolve(BUNDLED);
    return Files.isDirectory(p) ? p : null;
  }

  /**
   * The rules a command uses when {@code --rules} is not given: the set installed by {@code rules
   * update} in the data directory, else the bundled tree; null when there is neither.
   */
  public static Path defaultRules(Path dataDir) {
    Path installed = new RuleStore(dataDir).current();
    return installed != null ? installed : bundled();
  }

  /**
   * The data directory when {@code --data} is not given: {@code $PATOU_DATA}, else {@code data/}
   * in patou's home, else {@code ./data}.
   */
  public static Path defaultData() {
    String env = System.getenv("PATOU_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path home = home();
    return home != null ? home.resolve("data") : Path.of("data");
  }
}
