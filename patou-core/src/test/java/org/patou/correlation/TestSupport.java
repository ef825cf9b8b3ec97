package org.patou.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.RuleInfo;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Builds rules, events and a collecting sink for the correlation tests. */
final class TestSupport {
  static final long MIN = 60_000L;
  static final long T0 = 1_700_000_000_000L; // an arbitrary epoch-ms origin

  private TestSupport() {}

  /** A base Sigma rule as the detector would report it. */
  static RuleInfo base(String id, String name) {
    return new RuleInfo(id, name, "base " + (name == null ? id : name), null, null, List.of(),
        Map.of(), "test.yml", false);
  }

  /** An event from alternating names and values. */
  static Event ev(Object... kv) {
    EventBuilder b = new EventBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.add((String) kv[i], kv[i + 1]);
    }
    return b.build();
  }

  /** Loads one YAML document into a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  /** Parses one correlation rule written in YAML; the test fails on a parse error. */
  static CorrelationRule rule(String text) {
    try {
      return CorrelationRule.parse(yaml(text), "test.yml", 1);
    } catch (CorrelationRuleException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A document of a multi-document file, with the line it starts on. */
  record Doc(Map<String, Object> map, int line) {}

  /** Splits a multi-document YAML text on {@code ---} lines, keeping each document's first line. */
  static List<Doc> documents(String text) {
    List<Doc> docs = new ArrayList<>();
    List<String> lines = text.lines().toList();
    StringBuilder current = new StringBuilder();
    int startLine = 1;
    for (int i = 0; i <= lines.size(); i++) {
      boolean end = i == lines.size() || lines.get(i).equals("---");
      if (end) {
        if (!current.toString().isBlank()) {
          docs.add(new Doc(yaml(current.toString()), startLine));
        }
        current.setLength(0);
        startLine = i + 2;
      } else {
        current.append(lines.get(i)).append('\n');
      }
    }
    return docs;
  }

  /** Collects what the engine emits. */
  static final class Sink implements java.util.function.Consumer<Detection> {
    final List<Detection> got = new ArrayList<>();

    @Override
    public void accept(Detection d) {
      got.add(d);
    }

    List<String> titles() {
      return got.stream().map(d -> d.rule().title()).toList();
    }
  }
}
