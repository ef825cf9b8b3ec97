package org.patou.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.event.JsonEventReader;
import org.patou.sigma.match.Detector;
import org.patou.sigma.match.RulePlan;
import org.patou.store.Alert;
import org.patou.store.EventStore;
import org.patou.testkit.SharedData;

/**
 * The property the prefilter must keep, on real rules and events: for every rule of the bundled
 * SigmaHQ set, a translated hunt over SigmaHQ's regression events finds exactly the detections a
 * scan of every event finds. The store holds each regression record, an upper-cased copy (case
 * folding) and copies with their values' 'k' turned into KELVIN SIGN and 'i' into U+0130 (folding
 * beyond ASCII), so a translation that is too narrow loses a detection.
 */
class RetroHuntRegressionTest {
  @TempDir Path dir;
  private static final long RECEIVED = java.time.Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
  private static final Pattern RULE_ID = Pattern.compile("(?m)^\\s+- id: ([0-9a-f-]{36})");

  @Test
  void everyRuleFindsWhatAFullScanFinds() throws IOException {
    Path regression = SharedData.require("sigma/regression/regression_data");
    LiveRules rules = new LiveRules(SharedData.projectRoot().resolve("rules/sigmahq"));
    assertThat(rules.reload().applied()).isTrue();
    Detector d = rules.current().detector();
    List<Path> files = new ArrayList<>();
    Set<String> sampled = new TreeSet<>();
    try (Stream<Path> s = Files.walk(regression)) {
      s.sorted().forEach(p -> {
        if (p.toString().endsWith(".json")) {
          files.add(p);
        }
        if (p.getFileName().toString().equals("info.yml")) {
          try {
            Matcher m = RULE_ID.matcher(Files.readString(p));
            while (m.find()) {
              sampled.add(m.group(1));
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
    }
    long stored = 0;
    try (EventStore store = new EventStore(dir.resolve("events"))) {
      JsonEventReader json = new JsonEventReader();
      List<Event> events = new ArrayList<>();
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          json.readAll(in, events::add);
        }
      }
      for (Event e : events) {
        for (Event v : List.of(e, mapStrings(e, s -> s.toUpperCase(Locale.ROOT)),
            mapStrings(e, s -> s.replace('k', '\u212A')), mapStrings(e, s -> s.replace('i', '\u0130')))) {
          long ts = d.timestampOf(v);
          if (ts == Long.MIN_VALUE || ts <= 0) {
            ts = RECEIVED;
          }
          stored++;
          store.add(Long.toString(stored), RECEIVED, ts, false, v);
        }
      }
      store.commit();

      RetroHunt.Result all = RetroHunt.runAll(rules, store, null, Long.MIN_VALUE, Long.MAX_VALUE, 10_000_000, 1_000_000);
      assertThat(all.scanned()).isEqualTo(stored);
      assertThat(all.truncated()).isFalse();
      Map<String, List<List<String>>> byRule = new HashMap<>();
      for (Alert a : all.findings()) {
        byRule.computeIfAbsent(a.ruleId(), k -> new ArrayList<>()).add(a.eventIds());
      }
      // The samples fire their rules: the comparison below is not between two empty sets.
      Set<String> sampledFound = new TreeSet<>(sampled);
      sampledFound.retainAll(byRule.keySet());
      assertThat(sampledFound.size()).isGreaterThan(sampled.size() * 9 / 10);

      int translated = 0;
      long scanned = 0;
      Map<String, String> wrong = new LinkedHashMap<>();
      List<RulePlan> plans = d.plans();
      for (RulePlan p : plans) {
        String id = p.info().id();
        if (id == null || !p.emit()) {
          continue;
        }
        RetroHunt.Result r = RetroHunt.run(rules, store, id, null, Long.MIN_VALUE, Long.MAX_VALUE, 10_000_000, 1_000_000);
        List<List<String>> expected = byRule.getOrDefault(id, List.of());
        List<List<String>> got = r.findings().stream().map(Alert::eventIds).toList();
        if (!got.equals(expected)) {
          wrong.put(id, "expected " + expected + " got " + got + " query " + r.query());
        }
        if (r.translated()) {
          translated++;
        }
        scanned += r.scanned();
      }
      assertThat(wrong).isEmpty();
      int hunted = (int) plans.stream().filter(p -> p.emit() && p.info().id() != null).count();
      // Most rules narrow, and the hunts together read a small share of what scans would read.
      assertThat(translated).isGreaterThan(hunted * 3 / 4);
      assertThat(scanned).isLessThan(hunted * stored / 10);
    }
  }

  private static Event mapStrings(Event e, java.util.function.UnaryOperator<String> f) {
    EventBuilder b = new EventBuilder();
    e.forEach((k, v) -> {
      if (v instanceof String s) {
        b.add(k, f.apply(s));
      } else if (v instanceof List<?> l) {
        b.add(k, l.stream().map(o -> o instanceof String s ? (Object) f.apply(s) : o).toList());
      } else {
        b.add(k, v);
      }
    });
    return b.build();
  }
}
