package org.patou.decide;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The scenarios bundled with patou (resources {@code org/patou/decide/scenarios/*.yaml}). */
public final class DefaultScenarios {
  /** The bundled files, in load order. */
  public static final List<String> FILES = List.of("ssh.yaml", "http.yaml");

  private DefaultScenarios() {}

  public static List<Scenario> load() {
    List<Scenario> all = new ArrayList<>();
    for (String f : FILES) {
      all.addAll(ScenarioLoader.load(f, text(f)));
    }
    return List.copyOf(all);
  }

  /** The text of one bundled file. */
  public static String text(String file) {
    try (InputStream in = DefaultScenarios.class.getResourceAsStream("scenarios/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource scenarios/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
