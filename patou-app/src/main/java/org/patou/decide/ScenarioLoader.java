package org.patou.decide;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads scenarios from YAML text (several documents separated by {@code ---}); the format is in
 * docs/scenarios.md. Errors name the source and the scenario. Pure: the caller reads the files.
 */
public final class ScenarioLoader {
  private static final Set<String> KEYS = Set.of(
      "name", "description", "type", "filter", "key", "capacity", "leakspeed", "window", "distinct",
      "after", "blackhole", "decision", "crowdsec", "labels");

  private ScenarioLoader() {}

  /** Thrown for a scenario file that cannot be used; the message says where and why. */
  public static final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
      super(message);
    }
  }

  /** All scenarios of one YAML text. */
  public static List<Scenario> load(String source, String yaml) {
    List<Scenario> out = new ArrayList<>();
    Load load = new Load(LoadSettings.builder().setLabel(source).build());
    Map<String, Condition> defined = new java.util.HashMap<>();
    try {
      for (Object doc : load.loadAllFromString(yaml)) {
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map<?, ?> m)) {
          throw new ScenarioException(source + ": a scenario must be a mapping");
        }
        if (m.containsKey("define")) {
          // A named filter for the documents after it: define: NAME, filter: ...
          String dn = String.valueOf(m.get("define"));
          defined.put(dn, condition(source + ": define " + dn, m.get("filter"), defined));
          continue;
        }
        out.add(scenario(source, m, defined));
      }
    } catch (YamlEngineException e) {
      throw new ScenarioException(source + ": " + e.getMessage());
    }
    Set<String> names = new HashSet<>();
    for (Scenario s : out) {
      if (!names.add(s.name())) {
        throw new ScenarioException(source + ": scenario " + s.name() + " is defined twice");
      }
    }
    return out;
  }

  static Scenario scenario(String source, Map<?, ?> m, Map<String, Condition> defined) {
    Object n = m.get("name");
    if (!(n instanceof String name) || name.isBlank()) {
      throw new ScenarioException(source + ": a scenario needs a name");
    }
    String where = source + ": scenario " + name;
    for (Object k : m.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new ScenarioException(where + ": unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    Scenario.Kind kind;
    try {
      kind = Scenario.Kind.valueOf(str(m, "type", "leaky").toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(where + ": type must be trigger, leaky, distinct, threshold, distinct_threshold or sequence");
    }
    Scope key;
    try {
      key = Scope.parse(str(m, "key", "ip"));
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(where + ": key must be ip, range, user or host");
    }
    Condition filter = m.containsKey("filter") ? condition(where, m.get("filter"), defined) : Condition.ALWAYS;
    int capacity = (int) num(where, m, "capacity", kind == Scenario.Kind.TRIGGER || kind == Scenario.Kind.SEQUENCE ? 0 : -1);
    Duration leak = dur(where, m, "leakspeed");
    Duration window = dur(where, m, "window");
    Duration blackhole = dur(where, m, "blackhole");
    String distinct = str(m, "distinct", null);
    String after = str(m, "after", null);
    if ((kind == Scenario.Kind.LEAKY || kind == Scenario.Kind.DISTINCT) && (capacity < 0 || leak == null)) {
      throw new ScenarioException(where + ": a " + kind.name().toLowerCase(Locale.ROOT) + " scenario needs capacity and leakspeed");
    }
    if ((kind == Scenario.Kind.THRESHOLD || kind == Scenario.Kind.DISTINCT_THRESHOLD) && (capacity < 1 || window == null)) {
      throw new ScenarioException(where + ": a threshold scenario needs capacity (at least 1) and window");
    }
    if ((kind == Scenario.Kind.DISTINCT || kind == Scenario.Kind.DISTINCT_THRESHOLD) && distinct == null) {
      throw new ScenarioException(where + ": a distinct scenario needs distinct: FIELD");
    }
    if (kind == Scenario.Kind.SEQUENCE && (after == null || window == null)) {
      throw new ScenarioException(where + ": a sequence scenario needs after: SCENARIO and window");
    }
    Scenario.DecisionSpec decision = new Scenario.DecisionSpec("ban", Duration.ofHours(4));
    Object d = m.get("decision");
    if (d instanceof Map<?, ?> dm) {
      String type = str(dm, "type", "ban");
      if (!type.equals("ban") && !type.equals("throttle") && !type.equals("none")) {
        throw new ScenarioException(where + ": decision type must be ban, throttle or none");
      }
      Duration dd = dur(where, dm, "duration");
      decision = type.equals("none") ? null : new Scenario.DecisionSpec(type, dd == null ? Duration.ofHours(4) : dd);
    } else if (d != null) {
      throw new ScenarioException(where + ": decision must be a mapping (type, duration)");
    }
    List<String> crowdsec = new ArrayList<>();
    Object cs = m.get("crowdsec");
    if (cs instanceof List<?> l) {
      l.forEach(x -> crowdsec.add(String.valueOf(x)));
    } else if (cs != null) {
      crowdsec.add(cs.toString());
    }
    return new Scenario(name, str(m, "description", ""), kind, filter, key, capacity, leak, window, distinct, after,
        blackhole, decision, List.copyOf(crowdsec));
  }

  /** A filter: {@code all: [..]}, {@code any: [..]}, {@code not: X} or a field test; a list means all. */
  static Condition condition(String where, Object o, Map<String, Condition> defined) {
    if (o instanceof List<?> l) {
      List<Condition> cs = new ArrayList<>();
      for (Object x : l) {
        cs.add(condition(where, x, defined));
      }
      return new Condition.All(List.copyOf(cs));
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new ScenarioException(where + ": a filter is a mapping or a list, not " + o);
    }
    if (m.size() == 1 && m.containsKey("all")) {
      return condition(where, m.get("all"), defined);
    }
    if (m.size() == 1 && m.containsKey("any")) {
      if (!(m.get("any") instanceof List<?> l)) {
        throw new ScenarioException(where + ": any: needs a list");
      }
      List<Condition> cs = new ArrayList<>();
      for (Object x : l) {
        cs.add(condition(where, x, defined));
      }
      return new Condition.Any(List.copyOf(cs));
    }
    if (m.size() == 1 && m.containsKey("not")) {
      return new Condition.Not(condition(where, m.get("not"), defined));
    }
    if (m.size() == 1 && m.containsKey("use")) {
      Condition c = defined.get(String.valueOf(m.get("use")));
      if (c == null) {
        throw new ScenarioException(where + ": use: " + m.get("use") + " is not defined above (define: NAME)");
      }
      return c;
    }
    Object f = m.get("field");
    if (!(f instanceof String field)) {
      throw new ScenarioException(where + ": a test needs field: NAME (or all/any/not): " + m);
    }
    Condition.Op op = null;
    Object values = null;
    for (Condition.Op candidate : Condition.Op.values()) {
      String k = candidate.name().toLowerCase(Locale.ROOT);
      if (m.containsKey(k)) {
        if (op != null) {
          throw new ScenarioException(where + ": field " + field + " has two operators");
        }
        op = candidate;
        values = m.get(k);
      }
    }
    if (op == null) {
      throw new ScenarioException(where + ": field " + field + " needs one of equals, prefix, suffix, contains, regex, exists, gte, lt");
    }
    boolean lower = Boolean.TRUE.equals(m.get("lowercase"));
    boolean decode = Boolean.TRUE.equals(m.get("urldecode"));
    List<String> vs = new ArrayList<>();
    if (values instanceof List<?> l) {
      l.forEach(x -> vs.add(String.valueOf(x)));
    } else if (values != null) {
      vs.add(String.valueOf(values));
    }
    if (lower) {
      vs.replaceAll(s -> s.toLowerCase(Locale.ROOT));
    }
    Pattern regex = null;
    if (op == Condition.Op.REGEX) {
      try {
        regex = Pattern.compile(String.join("|", vs.stream().map(v -> "(?:" + v + ")").toList()));
      } catch (PatternSyntaxException e) {
        throw new ScenarioException(where + ": field " + field + ": bad regex: " + e.getMessage());
      }
    }
    return new Condition.Field(field, op, List.copyOf(vs), lower, decode, regex);
  }

  private static String str(Map<?, ?> m, String k, String dflt) {
    Object v = m.get(k);
    return v == null ? dflt : v.toString();
  }

  private static long num(String where, Map<?, ?> m, String k, long dflt) {
    Object v = m.get(k);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new ScenarioException(where + ": " + k + " must be a number");
  }

  private static Duration dur(String where, Map<?, ?> m, String k) {
    Object v = m.get(k);
    if (v == null) {
      return null;
    }
    try {
      return Decision.parseDuration(v.toString());
    } catch (RuntimeException e) {
      throw new ScenarioException(where + ": " + k + ": " + e.getMessage());
    }
  }
}
