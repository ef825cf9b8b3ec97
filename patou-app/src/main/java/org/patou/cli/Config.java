package org.patou.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.patou.sigma.rule.Level;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The configuration file ({@code --config FILE}), YAML. Every key is optional; a command-line
 * option always wins over the file, the file over the built-in default. Relative paths are taken
 * from the file's folder. Unknown keys are errors, so a typo does not go unnoticed.
 *
 * <pre>
 * data: /srv/patou          # like --data
 * rules: /srv/patou/rules   # like --rules (hunt, rules check)
 * placeholders:           # values for the |expand modifier of Sigma rules
 *   known_cdcs: [DC1, DC2]
 * hunt:
 *   min_level: medium       # like --min-level
 *   timezone: Europe/Paris  # like --timezone
 *   threads: 4              # like --threads
 * </pre>
 */
public record Config(
    Path file,
    Path data,
    Path rules,
    Level minLevel,
    String timezone,
    Integer threads,
    Map<String, java.util.List<String>> placeholders,
    Map<String, Object> sections) {
  public static final Config EMPTY = new Config(null, null, null, null, null, null, Map.of(), Map.of());
  // allowlist and prevent are read by org.patou.cli.prevent.PreventConfig; serve by
  // org.patou.cli.serve.ServeCommand (through section("serve")), which checks its own keys; exposure by
  // org.patou.inventory.ExposureConfig (patou inventory exposure; serve reads its local_nets);
  // egress by org.patou.egress.EgressPolicy.
  private static final Set<String> TOP = Set.of("data", "rules", "hunt", "placeholders", "allowlist", "prevent", "serve",
      "exposure", "egress");
  private static final Set<String> HUNT = Set.of("min_level", "timezone", "threads");

  /**
   * The top-level section {@code key} as read (its keys are checked by the command that owns it:
   * {@code serve}, {@code exposure}...); empty when absent.
   */
  public Map<String, Object> section(String key) {
    Object s = sections.get(key);
    if (s == null) {
      return Map.of();
    }
    if (!(s instanceof Map<?, ?> m)) {
      throw bad(file, "'" + key + "' must be a mapping");
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Reads and checks a configuration file; a {@link PatouException} (exit 2) says what is wrong. */
  public static Config read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new PatouException(Main.FAILED, "--config " + file + ": no such file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw bad(file, "cannot read: " + e.getMessage());
    }
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw bad(file, "not valid YAML: " + e.getMessage());
    }
    if (doc == null) {
      return EMPTY;
    }
    if (!(doc instanceof Map<?, ?> top)) {
      throw bad(file, "expected a mapping of keys (data, rules, hunt)");
    }
    for (Object k : top.keySet()) {
      if (!TOP.contains(String.valueOf(k))) {
        throw bad(file, "unknown key '" + k + "' (known: data, rules, hunt, placeholders, allowlist, prevent, serve, exposure, egress)");
      }
    }
    Path base = file.toAbsolutePath().getParent();
    Path data = path(file, base, top.get("data"), "data");
    Path rules = path(file, base, top.get("rules"), "rules");
    Level minLevel = null;
    String timezone = null;
    Integer threads = null;
    Object hunt = top.get("hunt");
    if (hunt != null) {
      if (!(hunt instanceof Map<?, ?> h)) {
        throw bad(file, "'hunt' must be a mapping (min_level, timezone, threads)");
      }
      for (Object k : h.keySet()) {
        if (!HUNT.contains(String.valueOf(k))) {
          throw bad(file, "unknown key 'hunt." + k + "' (known: min_level, timezone, threads)");
        }
      }
      if (h.get("min_level") != null) {
        minLevel = Level.parse(String.valueOf(h.get("min_level")));
        if (minLevel == null) {
          throw bad(file, "hunt.min_level: '" + h.get("min_level") + "' is not a level (informational, low, medium, high, critical)");
        }
      }
      if (h.get("timezone") != null) {
        timezone = String.valueOf(h.get("timezone"));
        try {
          ZoneId.of(timezone);
        } catch (DateTimeException e) {
          throw bad(file, "hunt.timezone: unknown zone '" + timezone + "'");
        }
      }
      if (h.get("threads") != null) {
        if (!(h.get("threads") instanceof Integer n) || n < 1) {
          throw bad(file, "hunt.threads: a positive whole number is needed");
        }
        threads = n;
      }
    }
    Map<String, Object> sections = new java.util.LinkedHashMap<>();
    top.forEach((k, v) -> sections.put(String.valueOf(k), v));
    return new Config(file, data, rules, minLevel, timezone, threads, placeholders(file, top.get("placeholders")),
        java.util.Collections.unmodifiableMap(sections));
  }

  /**
   * {@code placeholders:} values for Sigma's {@code |expand} modifier: a name (with or without its
   * percent signs) to one value or a list of values, e.g. {@code known_cdcs: [DC1, DC2]}.
   */
  private static Map<String, java.util.List<String>> placeholders(Path file, Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw bad(file, "'placeholders' must be a mapping of names to values");
    }
    Map<String, java.util.List<String>> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.length() > 2 && name.startsWith("%") && name.endsWith("%")) {
        name = name.substring(1, name.length() - 1);
      }
      java.util.List<String> values = new java.util.ArrayList<>();
      if (e.getValue() instanceof java.util.List<?> l) {
        for (Object v : l) {
          if (v == null || v instanceof Map || v instanceof java.util.List) {
            throw bad(file, "placeholders." + name + ": values must be strings or numbers");
          }
          values.add(String.valueOf(v));
        }
      } else if (e.getValue() != null && !(e.getValue() instanceof Map)) {
        values.add(String.valueOf(e.getValue()));
      } else {
        throw bad(file, "placeholders." + name + ": a value or a list of values is needed");
      }
      out.put(name, java.util.List.copyOf(values));
    }
    return Map.copyOf(out);
  }

  private static Path path(Path file, Path base, Object value, String key) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw bad(file, key + ": a path is needed");
    }
    Path p = Path.of(s);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  private static PatouException bad(Path file, String message) {
    return new PatouException(Main.FAILED, "--config " + file + ": " + message);
  }
}
