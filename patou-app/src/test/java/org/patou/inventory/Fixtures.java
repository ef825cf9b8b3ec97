package org.patou.inventory;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test fixtures under src/test/resources/fixtures. */
public final class Fixtures {
  private Fixtures() {}

  public static Path path(String relative) {
    URL u = Fixtures.class.getClassLoader().getResource("fixtures/" + relative);
    if (u == null) {
      throw new AssertionError("missing fixture " + relative);
    }
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
