package org.patou.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.patou.correlation.TestSupport.yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.patou.sigma.rule.Level;
import org.patou.testkit.SharedData;

class CorrelationRuleParseTest {

  private static final String VALID =
      "title: t\n"
          + "correlation:\n"
          + "  type: event_count\n"
          + "  rules: [rule_a]\n"
          + "  group-by: [User]\n"
          + "  timespan: 1h\n"
          + "  condition: {gte: 10}\n";

  // ---- the schema samples shipped with the specification -----------------------------------

  @Test
  void everySchemaSampleParses() throws IOException {
    Path dir = SharedData.require("sigma/spec").resolve("tests/schema/correlation");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      CorrelationRule r;
      try {
        r = CorrelationRule.parse(yaml(text), f.getFileName().toString(), 1);
      } catch (CorrelationRuleException e) {
        throw new AssertionError("schema sample " + f + " must parse: " + e.getMessage(), e);
      }
      String stem = f.getFileName().toString().replace(".yml", "").replace("_ecs", "");
      assertThat(r.type().label()).as(f.toString()).isEqualTo(stem);
      assertThat(r.info().correlation()).isTrue();
      assertThat(r.info().file()).isEqualTo(f.getFileName().toString());
      assertThat(r.rules()).isNotEmpty();
      assertThat(r.groupBy()).isNotEmpty();
      if (r.type().needsField()) {
        assertThat(r.condition().fields()).hasSize(1);
      }
    }
  }

  @Test
  void schemaSamplesCarryTheirValues() throws IOException {
    Path dir = SharedData.require("sigma/spec").resolve("tests/schema/correlation");
    CorrelationRule ec = load(dir.resolve("event_count.yml"));
    assertThat(ec.info().id()).isEqualTo("0e95725d-7320-415d-80f7-004da920fc11");
    assertThat(ec.info().title()).isEqualTo("Many failed logins");
    assertThat(ec.rules()).containsExactly("5638f7c0-ac70-491d-8465-2a65075e0d86");
    assertThat(ec.groupBy()).containsExactly("ComputerName");
    assertThat(ec.timespan().millis()).isEqualTo(3_600_000L);
    assertThat(ec.condition().comparisons()).containsExactly(Map.entry(Operator.GTE, 100.0));
    assertThat(ec.generate()).isFalse();

    CorrelationRule temporal = load(dir.resolve("temporal.yml"));
    assertThat(temporal.condition().comparisons()).containsExactly(Map.entry(Operator.GTE, 3.0));
    assertThat(temporal.timespan().millis()).isEqualTo(300_000L);

    CorrelationRule vc = load(dir.resolve("value_count.yml"));
    assertThat(vc.condition().fields()).containsExactly("User");
    assertThat(vc.timespan().millis()).isEqualTo(86_400_000L);

    CorrelationRule pct = load(dir.resolve("value_percentile.yml"));
    assertThat(pct.condition().comparisons()).containsExactly(Map.entry(Operator.LTE, 1.0));
  }

  private static CorrelationRule load(Path f) throws IOException {
    try {
      return CorrelationRule.parse(yaml(Files.readString(f, StandardCharsets.UTF_8)), "x", 1);
    } catch (CorrelationRuleException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  // ---- the YAML examples in the specification text itself ------------------------------------

  @Test
  void everyCorrelationExampleInTheSpecificationParses() throws IOException {
    Path md = SharedData.require("sigma/spec")
        .resolve("specification/sigma-correlation-rules-specification.md");
    List<String> blocks = yamlBlocks(Files.readString(md, StandardCharsets.UTF_8));
    int parsed = 0;
    for (String block : blocks) {
      for (TestSupport.Doc doc : TestSupport.documents(block)) {
        if (!doc.map().containsKey("correlation")) {
          continue; // a base Sigma rule of a multi-document example
        }
        Map<String, Object> map = new java.util.LinkedHashMap<>(doc.map());
        map.putIfAbsent("title", "fragment"); // some fragments show only the correlation section
        if (map.get("correlation") instanceof Map<?, ?> c && !c.containsKey("type")) {
          continue; // the 'rules' illustration shows one key only
        }
        try {
          CorrelationRule.parse(map, md.getFileName().toString(), doc.line());
          parsed++;
        } catch (CorrelationRuleException e) {
          throw new AssertionError("spec example must parse: " + e.getMessage() + "\n" + block, e);
        }
      }
    }
    // event_count, value_count, temporal, temporal_ordered, value_sum, value_avg,
    // value_percentile, the alias example and the two correlations of the final example.
    assertThat(parsed).isEqualTo(10);
  }

  /** The fenced ```yaml / ```yml blocks of a Markdown text. */
  static List<String> yamlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : markdown.lines().toList()) {
      if (current == null) {
        if (line.startsWith("```yaml") || line.startsWith("```yml")) {
          current = new StringBuilder();
        }
      } else if (line.startsWith("```")) {
        blocks.add(current.toString());
        current = null;
      } else {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  // ---- what the parser accepts ---------------------------------------------------------------

  @Test
  void readsEveryKey() throws CorrelationRuleException {
    String text =
        "title: Brute force\n"
            + "id: 0e95725d-7320-415d-80f7-004da920fc11\n"
            + "name: brute\n"
            + "status: test\n"
            + "level: high\n"
            + "tags: [attack.t1110]\n"
            + "correlation:\n"
            + "  type: value_count\n"
            + "  rules: [failed_login, 5638f7c0-ac70-491d-8465-2a65075e0d86]\n"
            + "  group-by: [src]\n"
            + "  timespan: 90m\n"
            + "  aliases:\n"
            + "    src:\n"
            + "      failed_login: source.ip\n"
            + "  condition: {field: [User, Domain], gt: 100, lte: 200}\n"
            + "  generate: true\n";
    CorrelationRule r = CorrelationRule.parse(yaml(text), "brute.yml", 3);
    assertThat(r.info().name()).isEqualTo("brute");
    assertThat(r.info().level()).isEqualTo(Level.HIGH);
    assertThat(r.info().status()).isEqualTo("test");
    assertThat(r.info().tags()).containsExactly("attack.t1110");
    assertThat(r.type()).isEqualTo(CorrelationType.VALUE_COUNT);
    assertThat(r.timespan().millis()).isEqualTo(90 * 60_000L);
    assertThat(r.condition().fields()).containsExactly("User", "Domain");
    assertThat(r.condition().test(150)).isTrue();
    assertThat(r.condition().test(100)).isFalse();
    assertThat(r.condition().test(201)).isFalse();
    assertThat(r.aliases()).containsEntry("src", Map.of("failed_login", "source.ip"));
    assertThat(r.fieldFor("src", null, "failed_login")).isEqualTo("source.ip");
    assertThat(r.fieldFor("src", "other", "other")).isEqualTo("src");
    assertThat(r.generate()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1s", "30s", "5m", "90m", "1h", "24h", "7d", "999999999s"})
  void acceptsTheSpecsTimespans(String ts) throws CorrelationRuleException {
    CorrelationRule r = CorrelationRule.parse(yaml(VALID.replace("1h", ts)), "t.yml", 1);
    assertThat(r.timespan().text()).isEqualTo(ts);
  }

  @Test
  void metricThresholdsMayBeFractions() throws CorrelationRuleException {
    String text = VALID.replace("event_count", "value_avg")
        .replace("{gte: 10}", "{field: BytesOut, gt: 500.5}");
    assertThat(CorrelationRule.parse(yaml(text), "t.yml", 1).condition().comparisons())
        .containsEntry(Operator.GT, 500.5);
  }

  // ---- bad rules: the message names the problem, file and line are kept ---------------------

  static Stream<Arguments> badRules() {
    return Stream.of(
        bad("no correlation section", "title: t\n", "correlation: missing"),
        bad("missing title", VALID.replace("title: t\n", ""), "title: missing"),
        bad("missing type", VALID.replace("  type: event_count\n", ""),
            "correlation.type: missing"),
        bad("unknown type", VALID.replace("event_count", "event_counter"),
            "correlation.type: 'event_counter' is not a correlation type"),
        bad("type outside v2.1.0", VALID.replace("event_count", "value_median"),
            "'value_median' is not a correlation type of the specification v2.1.0"),
        bad("missing rules", VALID.replace("  rules: [rule_a]\n", ""),
            "correlation.rules: missing"),
        bad("rules as a string", VALID.replace("[rule_a]", "rule_a"),
            "correlation.rules: must be a list"),
        bad("empty rules", VALID.replace("[rule_a]", "[]"), "correlation.rules: empty"),
        bad("duplicate rule", VALID.replace("[rule_a]", "[rule_a, rule_a]"),
            "'rule_a' is listed twice"),
        bad("missing group-by", VALID.replace("  group-by: [User]\n", ""),
            "correlation.group-by: missing"),
        bad("missing timespan", VALID.replace("  timespan: 1h\n", ""),
            "correlation.timespan: missing"),
        bad("timespan unit", VALID.replace("1h", "5x"), "correlation.timespan: '5x'"),
        bad("timespan uppercase", VALID.replace("1h", "1H"), "correlation.timespan: '1H'"),
        bad("timespan weeks", VALID.replace("1h", "1w"), "correlation.timespan: '1w'"),
        bad("timespan zero", VALID.replace("1h", "0m"), "correlation.timespan: '0m'"),
        bad("timespan fraction", VALID.replace("1h", "1.5h"), "correlation.timespan: '1.5h'"),
        bad("timespan negative", VALID.replace("1h", "-5m"), "correlation.timespan: '-5m'"),
        bad("timespan number", VALID.replace("1h", "60"), "correlation.timespan: '60'"),
        bad("timespan too long", VALID.replace("1h", "12345678901m"), "at most 10 characters"),
        bad("missing condition", VALID.replace("  condition: {gte: 10}\n", ""),
            "correlation.condition: missing (mandatory for event_count)"),
        bad("condition not a mapping", VALID.replace("{gte: 10}", "[10]"),
            "correlation.condition: must be a mapping"),
        bad("extended condition", VALID.replace("{gte: 10}", "rule_a and rule_b"),
            "extended condition"),
        bad("unknown operator", VALID.replace("{gte: 10}", "{greater: 10}"),
            "unknown key 'greater'"),
        bad("no operator", VALID.replace("{gte: 10}", "{}"), "no comparison"),
        bad("fractional count", VALID.replace("{gte: 10}", "{gte: 1.5}"),
            "correlation.condition.gte: '1.5' is not an integer count"),
        bad("text threshold", VALID.replace("{gte: 10}", "{gte: ten}"),
            "correlation.condition.gte: 'ten'"),
        bad("value_count without field", VALID.replace("event_count", "value_count"),
            "correlation.condition.field: missing (mandatory for value_count)"),
        bad("value_sum without field", VALID.replace("event_count", "value_sum"),
            "correlation.condition.field: missing (mandatory for value_sum)"),
        bad("field on event_count", VALID.replace("{gte: 10}", "{gte: 10, field: User}"),
            "correlation.condition.field: not used by event_count"),
        bad("two fields on value_avg", VALID.replace("event_count", "value_avg")
            .replace("{gte: 10}", "{gte: 10, field: [a, b]}"), "value_avg measures one field"),
        bad("aliases not a mapping", VALID + "  aliases: [a]\n",
            "correlation.aliases: must be a mapping"),
        bad("alias field not a name", VALID + "  aliases: {ip: {rule_a: [x]}}\n",
            "correlation.aliases.ip.rule_a: must be a field name"),
        bad("generate not boolean", VALID + "  generate: sometimes\n",
            "correlation.generate: must be true or false"),
        bad("unknown level", "level: severe\n" + VALID, "level: 'severe'"),
        bad("unknown status", "status: done\n" + VALID, "status: 'done'"),
        bad("both detection and correlation", "detection: {}\n" + VALID,
            "either 'detection'"));
  }

  private static Arguments bad(String what, String yaml, String message) {
    return Arguments.of(what, yaml, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRules")
  void refusesBadRules(String what, String text, String message) {
    assertThatThrownBy(() -> CorrelationRule.parse(yaml(text), "bad.yml", 42))
        .isInstanceOfSatisfying(CorrelationRuleException.class, e -> {
          assertThat(e.file()).isEqualTo("bad.yml");
          assertThat(e.line()).isEqualTo(42);
          assertThat(e.problem()).contains(message);
          assertThat(e.getMessage()).startsWith("bad.yml:42: ");
        });
  }

  @Test
  void lineOfTheFailingDocumentInAMultiDocumentFile() {
    String text = VALID + "---\n" + VALID.replace("1h", "1x");
    List<TestSupport.Doc> docs = TestSupport.documents(text);
    assertThat(docs).extracting(TestSupport.Doc::line).containsExactly(1, 9);
    assertThatThrownBy(() -> CorrelationRule.parse(docs.get(1).map(), "multi.yml",
        docs.get(1).line()))
        .hasMessageStartingWith("multi.yml:9: correlation.timespan: '1x'");
  }
}
