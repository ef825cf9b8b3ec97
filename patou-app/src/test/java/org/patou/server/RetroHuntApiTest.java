package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.TestServer;

/**
 * Retro-hunt over the API on a live server: events sent as JSON lines, then one rule hunted (its
 * query narrows the read to the matching events) and the whole rule set hunted (one bounded scan,
 * disabled rules left out).
 */
class RetroHuntApiTest {
  @TempDir Path tmp;

  private static final String RULES = """
      title: Mimikatz in a command line
      id: 11111111-0000-4000-8000-000000000001
      level: high
      logsource: {product: patoutest}
      detection:
        sel: {CommandLine|contains: 'mimikatz'}
        condition: sel
      ---
      title: Evil image
      id: 11111111-0000-4000-8000-000000000002
      level: medium
      logsource: {product: patoutest}
      detection:
        sel: {Image|endswith: '\\\\evil.exe'}
        condition: sel
      """;

  @Test
  void oneRuleIsTranslatedAndTheWholeSetScans() throws Exception {
    Files.createDirectories(tmp.resolve("rules"));
    Files.writeString(tmp.resolve("rules/test.yml"), RULES);
    try (TestServer t = new TestServer(tmp.resolve("data"), tmp.resolve("rules"))) {
      StringBuilder lines = new StringBuilder();
      long t0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
      for (int i = 0; i < 200; i++) {
        String cmd = i == 11 ? "C:\\x\\MIMIKATZ.exe" : i == 50 ? "run mimiKatz now" : i == 190 ? "mimikatz" : "notepad " + i;
        String image = i == 20 || i == 120 ? "C:\\Temp\\Evil.EXE" : "C:\\Windows\\notepad.exe";
        lines.append(String.format(java.util.Locale.ROOT,
            "{\"@timestamp\":\"%s\",\"host.name\":\"h%d\",\"CommandLine\":\"%s\",\"Image\":\"%s\"}\n",
            Instant.ofEpochMilli(t0 + i * 1000L), i % 2, cmd.replace("\\", "\\\\"), image.replace("\\", "\\\\")));
      }
      HttpResponse<String> in = t.post("/api/v1/events", lines.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(in.statusCode()).as(in.body()).isBetween(200, 299);
      t.idle();
      t.server.store().commit();

      JsonNode one = post(t, "/api/v1/rules/11111111-0000-4000-8000-000000000001/hunt?limit=100");
      assertThat(one.get("translated").asBoolean()).isTrue();
      assertThat(one.get("query").asText()).contains("CommandLine:");
      assertThat(one.get("stored").asLong()).isEqualTo(200);
      assertThat(one.get("scanned").asLong()).isEqualTo(3);
      assertThat(one.get("total").asInt()).isEqualTo(3);
      assertThat(one.get("truncated").asBoolean()).isFalse();
      // a time range selects: the last event only
      JsonNode late = post(t, "/api/v1/rules/11111111-0000-4000-8000-000000000001/hunt?from="
          + Instant.ofEpochMilli(t0 + 100_000L));
      assertThat(late.get("stored").asLong()).isEqualTo(100);
      assertThat(late.get("total").asInt()).isEqualTo(1);

      JsonNode all = post(t, "/api/v1/hunt?limit=100");
      assertThat(all.get("translated").asBoolean()).isFalse();
      assertThat(all.get("scanned").asLong()).isEqualTo(200);
      assertThat(all.get("total").asInt()).isEqualTo(5);
      assertThat(all.findValuesAsText("rule_id")).containsOnly(
          "11111111-0000-4000-8000-000000000001", "11111111-0000-4000-8000-000000000002");
      JsonNode capped = post(t, "/api/v1/hunt?limit=2");
      assertThat(capped.get("total").asInt()).isEqualTo(2);
      assertThat(capped.get("truncated").asBoolean()).isTrue();
      JsonNode odd = post(t, "/api/v1/hunt?q=host.name:h0");
      assertThat(odd.get("stored").asLong()).isEqualTo(100);
      assertThat(odd.get("total").asInt()).isEqualTo(4); // events 50, 190, 20, 120

      assertThat(t.post("/api/v1/rules/11111111-0000-4000-8000-000000000002/disable", new byte[0]).statusCode())
          .isEqualTo(200);
      assertThat(post(t, "/api/v1/hunt").get("total").asInt()).isEqualTo(3);

      assertThat(t.post("/api/v1/hunt?from=yesterday", new byte[0]).statusCode()).isEqualTo(400);
      assertThat(t.post("/api/v1/rules/nope/hunt", new byte[0]).statusCode()).isEqualTo(404);
    }
  }

  private static JsonNode post(TestServer t, String path) throws Exception {
    HttpResponse<String> r = t.post(path, new byte[0]);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body());
  }
}
