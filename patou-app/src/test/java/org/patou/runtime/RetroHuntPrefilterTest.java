package org.patou.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.event.NullValue;
import org.patou.sigma.rule.RuleSource;
import org.patou.store.Alert;
import org.patou.store.EventStore;

/**
 * The retro-hunt's index prefilter, rule by rule: for each modifier, a translated hunt finds exactly
 * what a scan of every event finds (checked on events chosen to catch a wrong translation: case
 * variants, KELVIN SIGN and U+0130, regex metacharacters, numbers as text, cut long values), and
 * reads only the events it should ({@code scanned}), or says it scanned ({@code translated: false}).
 */
class RetroHuntPrefilterTest {
  @TempDir Path dir;
  private static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

  private static String rule(String detection) {
    return "title: t\nid: r-1\nlevel: high\nlogsource: {product: patoutest}\ndetection:\n" + detection;
  }

  /** Events with one field {@code f} set to each value (null: absent). */
  private static List<Event> values(String f, Object... vs) {
    List<Event> out = new ArrayList<>();
    for (Object v : vs) {
      EventBuilder b = new EventBuilder().add("host.name", "h");
      if (v != null) {
        b.add(f, v);
      }
      out.add(b.build());
    }
    return out;
  }

  /** Stores the events (ids 1..n), hunts both ways, asserts the same findings; the translated result. */
  private RetroHunt.Result hunt(String yaml, List<Event> events) throws IOException {
    try (EventStore s = new EventStore(dir.resolve("store-" + System.nanoTime()))) {
      for (int i = 0; i < events.size(); i++) {
        long ts = T0 + i * 1000L;
        EventBuilder b = new EventBuilder();
        events.get(i).forEach(b::add);
        b.add("@timestamp", Instant.ofEpochMilli(ts).toString());
        s.add(Integer.toString(i + 1), ts, ts, false, b.build());
      }
      s.commit();
      LiveRules rules = new LiveRules(null);
      LiveRules.Outcome o = rules.load(List.of(new RuleSource("r.yml", yaml)), 0);
      assertThat(o.applied()).as(o.message()).isTrue();
      assertThat(rules.current().report().invalid()).isEmpty();
      assertThat(rules.current().report().unsupported()).isEmpty();
      String id = rules.rules().stream().filter(i -> i.id().startsWith("c-")).map(i -> i.id()).findFirst().orElse("r-1");
      RetroHunt.Result full = RetroHunt.run(rules, s, id, null, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000, 10_000, false);
      RetroHunt.Result fast = RetroHunt.run(rules, s, id, null, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000, 10_000, true);
      assertThat(full.translated()).isFalse();
      assertThat(full.scanned()).isEqualTo(events.size());
      assertThat(fast.selected()).isEqualTo(events.size());
      assertThat(ids(fast.findings())).as(fast.query()).isEqualTo(ids(full.findings()));
      return fast;
    }
  }

  private static List<List<String>> ids(List<Alert> as) {
    return as.stream().map(Alert::eventIds).toList();
  }

  private static List<String> found(RetroHunt.Result r) {
    return r.findings().stream().flatMap(a -> a.eventIds().stream()).toList();
  }

  @Test
  void containsFoldsCaseIncludingKelvinSignAndDottedCapitalI() throws IOException {
    RetroHunt.Result r = hunt(rule("  sel: {CommandLine|contains: 'kerberos'}\n  condition: sel"),
        values("CommandLine", "x KERBEROS y", "\u212Aerberos", "kerb", null, "KeRbErOs"));
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("1", "2", "5");
    assertThat(r.scanned()).isEqualTo(3);
    // U+0130 lowers to "i" + U+0307: "AX\u0130" contains "xi" once lowered, but does not end with it
    r = hunt(rule("  sel: {Image|contains: 'xi'}\n  condition: sel"), values("Image", "AX\u0130", "ax", "AXI"));
    assertThat(found(r)).containsExactly("1", "3");
    r = hunt(rule("  sel: {Image|endswith: 'xi'}\n  condition: sel"), values("Image", "AX\u0130", "ax", "AXI"));
    assertThat(found(r)).containsExactly("3");
    assertThat(r.scanned()).isLessThanOrEqualTo(2);
  }

  @Test
  void positionsAllAndNonAsciiNeedles() throws IOException {
    List<Event> ev = values("Image", "C:\\Windows\\CMD.EXE", "cmd.exe", "C:\\x\\cmd.exe.bak", "\u00c9T\u00c9.exe", "ete.exe");
    RetroHunt.Result r = hunt(rule("  sel: {Image|endswith: '\\cmd.exe'}\n  condition: sel"), ev);
    assertThat(found(r)).containsExactly("1");
    assertThat(r.scanned()).isEqualTo(1);
    r = hunt(rule("  sel: {Image|startswith: 'cmd'}\n  condition: sel"), ev);
    assertThat(found(r)).containsExactly("2");
    assertThat(r.scanned()).isEqualTo(1);
    r = hunt(rule("  sel: {Image: 'cmd.exe'}\n  condition: sel"), ev);
    assertThat(found(r)).containsExactly("2");
    r = hunt(rule("  sel: {Image|contains|all: ['cmd', 'bak']}\n  condition: sel"), ev);
    assertThat(found(r)).containsExactly("3");
    assertThat(r.scanned()).isEqualTo(1);
    r = hunt(rule("  sel: {Image|contains: '\u00e9t\u00e9'}\n  condition: sel"), ev); // É lowers to é
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("4");
    assertThat(r.scanned()).isEqualTo(1);
  }

  @Test
  void casedComparesExactly() throws IOException {
    RetroHunt.Result r = hunt(rule("  sel: {User|cased: 'Admin'}\n  condition: sel"), values("User", "Admin", "admin", "ADMIN"));
    assertThat(found(r)).containsExactly("1");
    assertThat(r.query()).contains("User:Admin");
    assertThat(r.scanned()).isEqualTo(1);
    r = hunt(rule("  sel: {User|cased|contains: 'dmi'}\n  condition: sel"), values("User", "Admin", "ADMIN"));
    assertThat(found(r)).containsExactly("1");
    assertThat(r.scanned()).isEqualTo(1);
  }

  @Test
  void wildcardsAndRegexMetacharactersAreLiterals() throws IOException {
    RetroHunt.Result r = hunt(rule("  sel: {CommandLine|contains: 'a.b(c)[d]|e+'}\n  condition: sel"),
        values("CommandLine", "xA.B(C)[D]|E+y", "axb(c)[d]|e+", "a.b(c)[d]|ee"));
    assertThat(found(r)).containsExactly("1");
    assertThat(r.scanned()).isEqualTo(1);
    // '?' one character, '*' any, '\*' a star
    r = hunt(rule("  sel: {CommandLine: 'a?b\\*c*'}\n  condition: sel"),
        values("CommandLine", "aZb*cyy", "aZbQc", "a\u00e9b*c", "AZB*C", "ab*c"));
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("1", "3", "4");
    assertThat(r.scanned()).isLessThanOrEqualTo(4);
  }

  @Test
  void regexIsNarrowedByItsLiteralOrScanned() throws IOException {
    RetroHunt.Result r = hunt(rule("  sel: {CommandLine|re: 'abc[0-9]+def'}\n  condition: sel"),
        values("CommandLine", "ABC12DEF", "xabc12defx", "zzz", "abcdef"));
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("2");
    assertThat(r.scanned()).isLessThan(4);
    r = hunt(rule("  sel: {CommandLine|re|i: 'abc[0-9]+def'}\n  condition: sel"),
        values("CommandLine", "ABC12DEF", "xabc12defx", "zzz"));
    assertThat(found(r)).containsExactly("1", "2");
    r = hunt(rule("  sel: {CommandLine|re: '[0-9]{3}'}\n  condition: sel"), values("CommandLine", "a123", "a12"));
    assertThat(r.translated()).isFalse();
    assertThat(found(r)).containsExactly("1");
  }

  @Test
  void existsNullEmptyAndNotAreNeverNarrowedWrongly() throws IOException {
    List<Event> ev = values("Image", "a.exe", "", NullValue.NULL, null, List.of(), List.of("x", "b.exe"));
    RetroHunt.Result r = hunt(rule("  sel: {Image|exists: true}\n  condition: sel"), ev);
    assertThat(r.translated()).isFalse();
    r = hunt(rule("  sel: {Image|exists: false}\n  condition: sel"), ev);
    assertThat(r.translated()).isFalse();
    r = hunt(rule("  sel: {Image: null}\n  condition: sel"), ev);
    assertThat(found(r)).contains("3", "4");
    r = hunt(rule("  sel: {Image: ''}\n  condition: sel"), ev); // "" also matches a null
    assertThat(r.translated()).isFalse();
    assertThat(found(r)).contains("2", "3");
    r = hunt(rule("  sel: {Image|endswith: '.exe'}\n  f: {Image: 'a.exe'}\n  condition: sel and not f"), ev);
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("6");
    assertThat(r.scanned()).isEqualTo(2); // the filter is not narrowed: a.exe is read, then dropped
    r = hunt(rule("  sel: {Image|endswith: '.exe'}\n  e: {Other|exists: true}\n  condition: sel and e"), ev);
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).isEmpty();
  }

  @Test
  void numbersCompareAsTheMatcherReadsThem() throws IOException {
    List<Event> ev = values("Count", 11L, "12", "+15", " 20", "9", "1e2", 10.5, "10", "ten", "1\u0663"); // ١٣ digits
    RetroHunt.Result r = hunt(rule("  sel: {Count|gt: 10}\n  condition: sel"), ev);
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("1", "2", "3", "4", "6", "7", "10");
    assertThat(r.scanned()).isLessThan(ev.size());
    r = hunt(rule("  sel: {Count|lte: 10}\n  condition: sel"), ev);
    assertThat(found(r)).containsExactly("5", "8");
    r = hunt(rule("  sel: {EventID: 4688}\n  condition: sel"), values("EventID", 4688L, "4688", 4689L));
    assertThat(found(r)).containsExactly("1", "2");
    assertThat(r.scanned()).isEqualTo(2);
  }

  @Test
  void cidrTimeAndKeywordsScan() throws IOException {
    RetroHunt.Result r = hunt(rule("  sel: {SourceIp|cidr: '10.0.0.0/8'}\n  condition: sel"),
        values("SourceIp", "10.1.2.3", "192.168.1.1", "::ffff:10.1.2.3"));
    assertThat(r.translated()).isFalse();
    assertThat(found(r)).contains("1");
    r = hunt(rule("  keywords: ['mimikatz']\n  condition: keywords"), values("Anything", "x mimikatz", "no"));
    assertThat(r.translated()).isFalse();
    assertThat(found(r)).containsExactly("1");
    // a keyword OR a field: the keyword side can hold anywhere, so nothing narrows
    r = hunt(rule("  keywords: ['zz']\n  sel: {A: 'b'}\n  condition: keywords or sel"), values("A", "b", "c", "zz"));
    assertThat(r.translated()).isFalse();
  }

  @Test
  void windashAndBase64offsetExpandToTheirVariants() throws IOException {
    RetroHunt.Result r = hunt(rule("  sel: {CommandLine|windash|contains: ' -enc '}\n  condition: sel"),
        values("CommandLine", "ps /enc x", "ps \u2013enc x", "ps -ENC x", "ps enc x", "ps \u2015enc x"));
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).contains("1", "2", "3").doesNotContain("4");
    assertThat(r.scanned()).isEqualTo(found(r).size());
    List<Object> enc = new ArrayList<>();
    for (String s : List.of("http://a", "xhttp://a", "xxhttp://a", "nothing here")) {
      enc.add("powershell -e " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }
    r = hunt(rule("  sel: {CommandLine|base64offset|contains: 'http://'}\n  condition: sel"),
        values("CommandLine", enc.toArray()));
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("1", "2", "3");
    assertThat(r.scanned()).isEqualTo(3);
  }

  @Test
  void valuesLongerThanATermAreAlwaysRead() throws IOException {
    String longLine = "x".repeat(20_000) + " mimikatz";
    RetroHunt.Result r = hunt(rule("  sel: {CommandLine|contains: 'mimikatz'}\n  condition: sel"),
        values("CommandLine", longLine, "short", "mimikatz"));
    assertThat(found(r)).containsExactly("1", "3");
    assertThat(r.scanned()).isEqualTo(2);
  }

  @Test
  void atLeastOfSelections() throws IOException {
    RetroHunt.Result r = hunt(rule("  s1: {A: 'x'}\n  s2: {B: 'y'}\n  s3: {C: 'z'}\n  condition: 2 of s*"),
        List.of(ev(Map.of("A", "x", "B", "y")), ev(Map.of("A", "x")), ev(Map.of("C", "z", "B", "Y")), ev(Map.of("D", "q"))));
    assertThat(r.translated()).isTrue();
    assertThat(found(r)).containsExactly("1", "3");
    assertThat(r.scanned()).isEqualTo(2);
  }

  @Test
  void correlationIsNarrowedToItsBaseRules() throws IOException {
    String yaml = "title: fail\nid: b-1\nname: failed\nlevel: low\nlogsource: {product: patoutest}\n"
        + "detection:\n  sel: {action: 'fail'}\n  condition: sel\n---\n"
        + "title: many fails\nid: c-1\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [failed]\n"
        + "  group-by: [user]\n  timespan: 10m\n  condition: {gte: 3}\n";
    List<Event> ev = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ev.add(ev(Map.of("action", i % 3 == 2 ? "ok" : "FAIL", "user", i < 6 ? "bob" : "eve")));
    }
    RetroHunt.Result r = hunt(yaml, ev);
    assertThat(r.translated()).isTrue();
    assertThat(r.findings()).isNotEmpty();
    assertThat(r.scanned()).isEqualTo(8);
  }

  private static Event ev(Map<String, Object> m) {
    EventBuilder b = new EventBuilder();
    new java.util.TreeMap<>(m).forEach(b::add);
    return b.build();
  }
}
