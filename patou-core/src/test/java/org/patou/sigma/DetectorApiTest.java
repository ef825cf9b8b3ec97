package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;
import org.patou.sigma.rule.RuleSource;

class DetectorApiTest {
  static String rule(String title, String level, String extra) {
    return "title: " + title + "\nname: " + title + "\nlevel: " + level
        + "\nlogsource: {category: process_creation, product: windows}\n"
        + "detection:\n  sel:\n    Image|endswith: '\\" + title + ".exe'\n  condition: sel\n" + extra;
  }

  static Event sysmon(String image, String time) {
    EventBuilder b = new EventBuilder()
        .add("Event.System.EventID", 1L)
        .add("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
        .add("Event.EventData.Image", "C:\\" + image);
    if (time != null) {
      b.add("Event.System.TimeCreated.#attributes.SystemTime", time);
    }
    return b.build();
  }

  @Test
  void mayMatchKnowsTheChannels() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    l.add(new RuleSource("a.yml", rule("a", "high", "")));
    Detector d = l.compile(DetectorOptions.defaults());
    assertThat(d.mayMatch("Microsoft-Windows-Sysmon/Operational")).isTrue();
    assertThat(d.mayMatch("security")).isTrue(); // 4688
    assertThat(d.mayMatch("Application")).isFalse();
    // A rule without channel precondition makes every channel possible.
    l.add(new RuleSource("k.yml", "title: k\nlogsource: {product: windows}\ndetection:\n  k:\n    - evil\n  condition: k\n"));
    assertThat(l.compile(DetectorOptions.defaults()).mayMatch("Application")).isTrue();
  }

  @Test
  void timestampsComeFromTheEvent() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    l.add(new RuleSource("a.yml", rule("a", "high", "")));
    Detector d = l.compile(DetectorOptions.defaults());
    assertThat(d.timestampOf(sysmon("a.exe", "2025-11-27T07:40:10.165324Z"))).isEqualTo(1764229210165L);
    assertThat(d.timestampOf(new EventBuilder().add("@timestamp", "2024-01-01T00:00:00.5+01:00").build())).isEqualTo(1704063600500L);
    assertThat(d.timestampOf(new EventBuilder().add("ts", 1.5).build())).isEqualTo(1500L);
    assertThat(d.timestampOf(new EventBuilder().add("x", 1L).build())).isEqualTo(Long.MIN_VALUE);
    List<Detection> out = new ArrayList<>();
    d.match(sysmon("a.exe", "2025-11-27T07:40:10.165324Z"), out::add);
    assertThat(out).singleElement().satisfies(x -> assertThat(x.timestamp()).isEqualTo(1764229210165L));
  }

  @Test
  void minLevelDropsLowRules() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    l.add(new RuleSource("a.yml", rule("a", "low", "")));
    l.add(new RuleSource("b.yml", rule("b", "high", "")));
    Detector d = l.compile(new DetectorOptions(Level.MEDIUM, 10));
    List<String> out = new ArrayList<>();
    d.match(sysmon("a.exe", null), x -> out.add(x.rule().title()));
    d.match(sysmon("b.exe", null), x -> out.add(x.rule().title()));
    assertThat(out).containsExactly("b");
  }

  @Test
  void copiesAreIndependent() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    l.add(new RuleSource("a.yml", rule("a", "high", "")));
    Detector d = l.compile(DetectorOptions.defaults());
    Detector c = d.copy();
    d.match(sysmon("a.exe", null), x -> {});
    assertThat(d.stats().events()).isEqualTo(1);
    assertThat(c.stats().events()).isZero();
    List<Detection> out = new ArrayList<>();
    c.match(sysmon("a.exe", null), out::add);
    assertThat(out).hasSize(1);
  }

  /** A stand-in correlation engine: counts base matches per rule and fires at 2. */
  static final class FakeHook implements CorrelationHook {
    @Override
    public Object parse(Map<String, Object> doc, String file, int line) {
      @SuppressWarnings("unchecked")
      Map<String, Object> c = (Map<String, Object>) doc.get("correlation");
      if (c.get("rules") == null) {
        throw new IllegalArgumentException("correlation needs 'rules'");
      }
      return doc;
    }

    @Override
    public Runtime start(List<Object> rules, int maxStates) {
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) rules.get(0);
      @SuppressWarnings("unchecked")
      Map<String, Object> c = (Map<String, Object>) doc.get("correlation");
      @SuppressWarnings("unchecked")
      List<String> refs = (List<String>) c.get("rules");
      boolean generate = Boolean.TRUE.equals(c.get("generate"));
      RuleInfo info = new RuleInfo(null, null, (String) doc.get("title"), Level.HIGH, null, List.of(), Map.of(), "c.yml", true);
      Map<String, Integer> counts = new HashMap<>();
      return new Runtime() {
        @Override
        public void onMatch(RuleInfo base, Event e, long ts, Consumer<Detection> out) {
          if (counts.merge(base.name(), 1, Integer::sum) == 2) {
            out.accept(new Detection(info, ts, List.of(e), Map.of()));
          }
        }

        @Override
        public void finish(Consumer<Detection> out) {}

        @Override
        public Set<String> referencedRules() {
          return Set.copyOf(refs);
        }

        @Override
        public boolean generates(RuleInfo base) {
          return generate;
        }

        @Override
        public Map<String, Long> counters() {
          return Map.of("evictions", 0L, "capHits", 0L);
        }
      };
    }
  }

  @Test
  void correlationSeam() {
    String corr = "title: twice\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 2}\n";
    // Without a wired engine: reported unsupported, the base rule still fires.
    SigmaLoader none = new SigmaLoader(Pipelines.bundled(), Map.of(), CorrelationHook.NONE);
    none.add(new RuleSource("a.yml", rule("a", "high", "---\n" + corr)));
    assertThat(none.report().unsupported()).singleElement().satisfies(p -> assertThat(p.message()).contains("not wired"));
    assertThat(none.report().rules()).isEqualTo(2);
    // With one: loaded; the referenced base rule is not emitted (no generate), the correlation is.
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of(), new FakeHook());
    l.add(new RuleSource("a.yml", rule("a", "high", "---\n" + corr)));
    assertThat(l.report().loaded()).extracting(RuleInfo::title).containsExactly("a", "twice");
    Detector d = l.compile(DetectorOptions.defaults());
    List<String> out = new ArrayList<>();
    d.match(sysmon("a.exe", null), x -> out.add(x.rule().title()));
    d.match(sysmon("a.exe", null), x -> out.add(x.rule().title()));
    assertThat(out).containsExactly("twice");
    // generate: true emits the base matches too.
    SigmaLoader g = new SigmaLoader(Pipelines.bundled(), Map.of(), new FakeHook());
    g.add(new RuleSource("a.yml", rule("a", "high", "---\n" + corr + "  generate: true\n")));
    Detector dg = g.compile(DetectorOptions.defaults());
    List<String> outg = new ArrayList<>();
    dg.match(sysmon("a.exe", null), x -> outg.add(x.rule().title()));
    dg.match(sysmon("a.exe", null), x -> outg.add(x.rule().title()));
    assertThat(outg).containsExactly("a", "a", "twice");
    // An invalid correlation document is invalid, with its line.
    SigmaLoader bad = new SigmaLoader(Pipelines.bundled(), Map.of(), new FakeHook());
    bad.add(new RuleSource("c.yml", "title: broken\ncorrelation:\n  type: event_count\n"));
    assertThat(bad.report().invalid()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.message()).contains("needs 'rules'");
    });
  }
}
