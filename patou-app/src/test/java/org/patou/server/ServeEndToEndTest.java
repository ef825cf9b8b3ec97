package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.acquire.syslog.SyslogUdpSource;
import org.patou.testing.TestServer;
import org.patou.testkit.SharedData;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * End to end over every protocol with real samples from ../shared/data: sshd lines (CrowdSec hub
 * tests) over syslog TCP (newline and octet counting, RFC 3164 and 5424) and UDP; a SigmaHQ
 * regression record (EVTX as JSON) over {@code _bulk} and JSON lines. Asserts stored events, their
 * ECS fields and the alerts; then hostile input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeEndToEndTest {
  static final String SSHD_RULE = "6f0b8c3e-5d2a-4e7b-9a61-3c2d1e0f4a51";
  static final String AMSI_RULE = "7dbbcac2-57a0-45ac-b306-ff30a8bd2981";

  Path tmp;
  TestServer t;
  Path rules;
  Path sshBf;
  Path sshGeneric;
  Path amsiJson;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    Path crowdsec = SharedData.require("auth/crowdsec-hub-tests");
    Path sigma = SharedData.require("sigma");
    sshBf = crowdsec.resolve("tests/ssh-bf/ssh-bf.log");
    sshGeneric = crowdsec.resolve("tests/ssh-generic-test/ssh-generic-test.log");
    amsiJson = sigma.resolve("regression/regression_data/rules/windows/process_creation/"
        + "proc_creation_win_amsi_registry_tampering/7dbbcac2-57a0-45ac-b306-ff30a8bd2981.json");
    rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    try (var in = ServeEndToEndTest.class.getResourceAsStream("/rules/linux/sshd_invalid_user.yml")) {
      Files.write(rules.resolve("sshd_invalid_user.yml"), in.readAllBytes());
    }
    Files.copy(sigma.resolve("rules-repo/rules/windows/process_creation/proc_creation_win_amsi_registry_tampering.yml"),
        rules.resolve("proc_creation_win_amsi_registry_tampering.yml"));
    t = new TestServer(tmp.resolve("data"), rules);
  }

  @AfterAll
  void stop() throws IOException {
    if (t != null) {
      t.close();
    }
  }

  private List<String> lines(Path p, String host) throws IOException {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) {
        out.add(l.replaceFirst("^(\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) \\S+ ", "$1 " + host + " "));
      }
    }
    return out;
  }

  @Test
  void withoutTokenEverythingIs401() throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    for (String path : List.of("/health", "/metrics", "/api/v1/events", "/api/v1/alerts", "/api/v1/rules")) {
      HttpResponse<String> r = c.send(HttpRequest.newBuilder(t.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      r = c.send(HttpRequest.newBuilder(t.uri(path)).header("Authorization", "Bearer patou_wrong").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
    }
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(t.uri("/_bulk")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(t.server.tokens().count()).isEqualTo(1);
  }

  @Test
  void sshdOverTcpNewlineFraming() throws Exception {
    List<String> ls = lines(sshBf, "tcp-newline");
    t.tcp((String.join("\n", ls) + "\n").getBytes(StandardCharsets.UTF_8));
    t.idle();
    JsonNode r = t.search("host.name:tcp-newline");
    assertThat(r.get("total").asLong()).isEqualTo(ls.size());
    JsonNode e = t.search("host.name:tcp-newline AND user.name:pascal").get("events").get(0);
    assertThat(e.get("process.name").asText()).isEqualTo("sshd");
    assertThat(e.get("source.ip").asText()).isEqualTo("35.188.49.176");
    assertThat(e.get("source.port").asLong()).isEqualTo(53502);
    assertThat(e.get("event.dataset").asText()).isEqualTo("system.auth");
    assertThat(e.get("@timestamp").asText()).endsWith("-02-12T14:10:21Z");
    JsonNode alerts = t.alerts("tcp-newline");
    // The Linux pipeline binds service: sshd on process.name sshd only; OpenSSH 9.8's
    // "sshd-session" (last line of the sample) is not bound yet (a patou-core pipeline gap).
    assertThat(alerts.get("total").asLong())
        .isEqualTo(ls.stream().filter(l -> l.contains(" sshd[") && l.contains("Invalid user")).count());
    JsonNode a = alerts.get("alerts").get(0);
    assertThat(a.get("rule_id").asText()).isEqualTo(SSHD_RULE);
    assertThat(a.get("level").asText()).isEqualTo("medium");
    assertThat(a.get("entities").get("source.ip").get(0).asText()).isEqualTo("35.188.49.176");
    String eventId = a.get("event_ids").get(0).asText();
    JsonNode linked = t.search("_id:" + eventId);
    assertThat(linked.get("total").asLong()).isEqualTo(1);
    assertThat(linked.get("events").get(0).get("host.name").asText()).isEqualTo("tcp-newline");
    // time range on the event's own time
    int year = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
    JsonNode ranged = t.getJson("/api/v1/events?q=host.name:tcp-newline&from=" + year + "-02-12T14:10:22Z&to=" + year + "-02-12T23:00:00Z");
    assertThat(ranged.get("total").asLong()).isBetween(1L, (long) ls.size() - 1);
  }

  @Test
  void sshdOverTcpOctetCountingRfc5424() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> ls = lines(sshGeneric, "x");
    for (String l : ls) {
      String msg = l.substring(l.indexOf(": ") + 2);
      String app = l.contains("sshd-session") ? "sshd-session" : "sshd";
      byte[] m = ("<38>1 2026-11-26T10:00:00.123Z tcp-octet " + app + " 4242 - - " + msg).getBytes(StandardCharsets.UTF_8);
      out.writeBytes((m.length + " ").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(m);
    }
    t.tcp(out.toByteArray());
    t.idle();
    JsonNode r = t.search("host.name:tcp-octet");
    assertThat(r.get("total").asLong()).isEqualTo(ls.size());
    JsonNode e = r.get("events").get(0);
    assertThat(e.get("log.syslog.version").asText()).isEqualTo("1");
    assertThat(e.get("process.pid").asLong()).isEqualTo(4242);
    assertThat(e.get("@timestamp").asText()).startsWith("2026-11-26T10:00:00.123");
    assertThat(t.search("host.name:tcp-octet AND source.ip:127.0.0.1").get("total").asLong()).isPositive();
  }

  @Test
  void sshdOverUdp() throws Exception {
    List<String> ls = lines(sshBf, "udp-host");
    for (String l : ls) {
      t.udp(("<38>" + l).getBytes(StandardCharsets.UTF_8));
    }
    long end = System.currentTimeMillis() + 10_000;
    while (t.server.pipeline().metrics(SyslogUdpSource.NAME).received.sum() < ls.size() && System.currentTimeMillis() < end) {
      Thread.sleep(10);
    }
    t.idle();
    assertThat(t.search("host.name:udp-host").get("total").asLong()).isEqualTo(ls.size());
    assertThat(t.search("host.name:udp-host AND log.syslog.priority:38").get("total").asLong()).isEqualTo(ls.size());
    assertThat(t.alerts("udp-host").get("total").asLong()).isPositive();
  }

  private List<String> amsiRecords(String marker) throws IOException {
    List<String> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = TestServer.JSON.readerFor(JsonNode.class).readValues(amsiJson.toFile())) {
      while (it.hasNext()) {
        com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) it.next();
        n.put("test_marker", marker);
        out.add(TestServer.JSON.writeValueAsString(n));
      }
    }
    return out;
  }

  @Test
  void evtxJsonOverBulkWithInvalidItems() throws Exception {
    List<String> recs = amsiRecords("bulk");
    StringBuilder b = new StringBuilder();
    for (String r : recs) {
      b.append("{\"index\":{\"_index\":\"winlogbeat-8\"}}\n").append(r).append('\n');
      b.append("{\"create\":{}}\n{\"broken\": \n"); // invalid item
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
    body.writeBytes("{\"index\":{}}\n{\"m\":\"".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'}); // malformed UTF-8
    body.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = t.post("/winlogbeat-8/_bulk", body.toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = TestServer.JSON.readTree(r.body());
    assertThat(answer.get("errors").asBoolean()).isTrue();
    JsonNode items = answer.get("items");
    assertThat(items).hasSize(recs.size() * 2 + 1);
    assertThat(items.get(0).get("index").get("status").asInt()).isEqualTo(201);
    assertThat(items.get(0).get("index").get("_index").asText()).isEqualTo("winlogbeat-8");
    assertThat(items.get(1).get("create").get("status").asInt()).isEqualTo(400);
    assertThat(items.get(1).get("create").get("error").get("type").asText()).isEqualTo("mapper_parsing_exception");
    assertThat(items.get(recs.size() * 2).get("index").get("status").asInt()).isEqualTo(400);
    t.idle();
    JsonNode found = t.search("test_marker:bulk");
    assertThat(found.get("total").asLong()).isEqualTo(recs.size());
    JsonNode e = found.get("events").get(0);
    assertThat(e.get("Event.System.EventID").asLong()).isEqualTo(1);
    assertThat(e.get("_id").asText()).isEqualTo(items.get(0).get("index").get("_id").asText());
    JsonNode alerts = t.getJson("/api/v1/alerts?q=" + AMSI_RULE);
    assertThat(alerts.get("total").asLong()).isPositive();
    Set<String> linked = new TreeSet<>();
    alerts.get("alerts").forEach(a -> a.get("event_ids").forEach(id -> linked.add(id.asText())));
    assertThat(linked).contains(e.get("_id").asText());
  }

  @Test
  void evtxJsonOverJsonLines() throws Exception {
    List<String> recs = amsiRecords("lines");
    String body = String.join("\n", recs) + "\nnot json at all\n";
    HttpResponse<String> r = t.post("/api/v1/events", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode a = TestServer.JSON.readTree(r.body());
    assertThat(a.get("accepted").asInt()).isEqualTo(recs.size());
    assertThat(a.get("rejected").asInt()).isEqualTo(1);
    assertThat(a.get("errors").get(0).get("line").asInt()).isEqualTo(recs.size() + 1);
    t.idle();
    assertThat(t.search("test_marker:lines").get("total").asLong()).isEqualTo(recs.size());
    assertThat(t.search("test_marker:lines AND Event.System.Provider.#attributes.Name:Microsoft-Windows-Sysmon").get("total").asLong())
        .isEqualTo(recs.size());
  }

  @Test
  void hostileInputOnSyslogPorts() throws Exception {
    long seed = System.nanoTime();
    System.out.println("hostileInputOnSyslogPorts seed=" + seed);
    java.util.Random rnd = new java.util.Random(seed);
    long rejectedBefore = t.server.pipeline().metrics(SyslogTcpSource.NAME).rejected.sum();
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    byte[] garbage = new byte[50_000];
    rnd.nextBytes(garbage);
    s.writeBytes(garbage);
    s.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
    s.writeBytes("x".repeat(10 * 1024 * 1024).getBytes(StandardCharsets.UTF_8)); // a 10 MB line
    s.writeBytes("\n<38>Feb 12 14:10:21 hostile-after sshd[1]: Invalid user after from 10.0.0.1 port 1\n".getBytes(StandardCharsets.UTF_8));
    s.writeBytes("<38>Feb 12 14:10:21 hostile-utf8 sshd[1]: Invalid user ".getBytes(StandardCharsets.UTF_8));
    s.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    s.writeBytes(" from 10.0.0.2 port 2\n".getBytes(StandardCharsets.UTF_8));
    t.tcp(s.toByteArray());
    t.udp(garbage, 0, 1200);
    t.udp(new byte[] {(byte) 0xFF, 0, 1, 2, '\n', (byte) 0x80});
    t.idle();
    assertThat(t.server.pipeline().metrics(SyslogTcpSource.NAME).rejected.sum() - rejectedBefore).isGreaterThanOrEqualTo(1);
    assertThat(t.search("host.name:hostile-after").get("total").asLong()).isEqualTo(1);
    JsonNode utf = t.search("host.name:hostile-utf8").get("events").get(0);
    assertThat(utf.get("message").asText()).contains("\uFFFD");
    assertThat(t.search("tags:patou_unparsed").get("total").asLong()).isPositive();
    assertThat(t.server.pipeline().metrics(SyslogUdpSource.NAME).raw.sum()).isPositive();
    assertThat(t.getJson("/health").get("status").asText()).isEqualTo("ok");
  }

  @Test
  void tenMegabyteLineOverHttpIsRefusedAndTheServerStaysUp() throws Exception {
    byte[] big = ("{\"m\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}\n{\"test_marker\":\"after-big\"}\n").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = t.post("/api/v1/events", big);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode a = TestServer.JSON.readTree(r.body());
    assertThat(a.get("accepted").asInt()).isEqualTo(1);
    assertThat(a.get("errors").get(0).get("status").asInt()).isEqualTo(413);
    byte[] huge = new byte[20 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    assertThat(t.post("/api/v1/events", huge).statusCode()).isEqualTo(413);
    t.idle();
    assertThat(t.search("test_marker:after-big").get("total").asLong()).isEqualTo(1);
  }

  @Test
  void slowClientDoesNotBlockOthers() throws Exception {
    int port = t.server.source(SyslogTcpSource.NAME).address().getPort();
    try (Socket slow = new Socket("127.0.0.1", port); OutputStream out = slow.getOutputStream()) {
      byte[] line = "<38>Feb 12 14:10:21 slow-host sshd[1]: Invalid user slow from 10.9.9.9 port 9\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 20; i++) {
        out.write(line[i]);
        out.flush();
        Thread.sleep(5);
      }
      // meanwhile another sender gets through
      t.tcp("<38>Feb 12 14:10:21 fast-host sshd[1]: Invalid user fast from 10.8.8.8 port 8\n".getBytes(StandardCharsets.UTF_8));
      t.idle();
      assertThat(t.search("host.name:fast-host").get("total").asLong()).isEqualTo(1);
      out.write(line, 20, line.length - 20);
      out.flush();
      long end = System.currentTimeMillis() + 10_000;
      while (t.search("host.name:slow-host").get("total").asLong() == 0 && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      assertThat(t.search("host.name:slow-host").get("total").asLong()).isEqualTo(1);
    }
  }

  @Test
  void rulesListDisableAndBadReloadKeepsTheRunningSet() throws Exception {
    JsonNode list = t.getJson("/api/v1/rules");
    assertThat(list.get("total").asInt()).isEqualTo(2);
    assertThat(t.post("/api/v1/rules/" + SSHD_RULE + "/disable", new byte[0]).statusCode()).isEqualTo(200);
    try {
      t.tcp("<38>Feb 12 14:10:21 disabled-host sshd[1]: Invalid user d from 10.7.7.7 port 7\n".getBytes(StandardCharsets.UTF_8));
      t.idle();
      assertThat(t.search("host.name:disabled-host").get("total").asLong()).isEqualTo(1);
      assertThat(t.alerts("disabled-host").get("total").asLong()).isZero();
    } finally {
      t.post("/api/v1/rules/" + SSHD_RULE + "/enable", new byte[0]);
    }
    assertThat(t.post("/api/v1/rules/nope/disable", new byte[0]).statusCode()).isEqualTo(404);
    long version = list.get("version").asLong();
    Path bad = rules.resolve("broken.yml");
    Files.writeString(bad, "title: broken\nlogsource: {product: linux}\ndetection:\n  sel: {a|nosuchmodifier: 1}\n  condition: sel and nothere\n", StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r = t.post("/api/v1/rules/reload", new byte[0]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      assertThat(t.getJson("/api/v1/rules").get("version").asLong()).isEqualTo(version);
      t.tcp("<38>Feb 12 14:10:21 after-bad-reload sshd[1]: Invalid user r from 10.6.6.6 port 6\n".getBytes(StandardCharsets.UTF_8));
      t.idle();
      assertThat(t.alerts("after-bad-reload").get("total").asLong()).isEqualTo(1);
    } finally {
      Files.delete(bad);
    }
    HttpResponse<String> ok = t.post("/api/v1/rules/reload", new byte[0]);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(t.getJson("/api/v1/rules").get("version").asLong()).isEqualTo(version + 1);
  }

  @Test
  void retroHuntFindsStoredEventsOfARule() throws Exception {
    t.tcp("<38>Feb 12 14:10:21 retro-host sshd[1]: Invalid user retro from 10.5.5.5 port 5\n".getBytes(StandardCharsets.UTF_8));
    t.idle();
    HttpResponse<String> r = t.post("/api/v1/rules/" + SSHD_RULE + "/hunt?q=host.name:retro-host", new byte[0]);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode h = TestServer.JSON.readTree(r.body());
    assertThat(h.get("scanned").asLong()).isEqualTo(1);
    assertThat(h.get("total").asInt()).isEqualTo(1);
    String id = h.get("findings").get(0).get("event_ids").get(0).asText();
    assertThat(t.search("_id:" + id).get("events").get(0).get("host.name").asText()).isEqualTo("retro-host");
    JsonNode none = TestServer.JSON.readTree(t.post("/api/v1/rules/" + AMSI_RULE + "/hunt?q=host.name:retro-host", new byte[0]).body());
    assertThat(none.get("total").asInt()).isZero();
  }

  @Test
  void metricsSourcesStats() throws Exception {
    t.tcp("<38>Feb 12 14:10:21 metrics-host sshd[1]: hello\n".getBytes(StandardCharsets.UTF_8));
    t.idle();
    HttpResponse<String> m = t.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(m.body()).contains("# TYPE patou_source_received_total counter")
        .containsPattern("patou_source_received_total\\{source=\"syslog-tcp\"} [1-9]")
        .contains("patou_pipeline_queued ").contains("patou_wal_bytes ");
    JsonNode sources = t.getJson("/api/v1/sources");
    assertThat(sources.get("sources").findValuesAsText("name")).contains("syslog-tcp", "syslog-udp");
    JsonNode stats = t.getJson("/api/v1/stats");
    assertThat(stats.get("processed").asLong()).isPositive();
    assertThat(stats.get("partitions")).isNotEmpty();
    assertThat(t.getJson("/").get("version").get("number").asText()).startsWith("8.");
  }

  @Test
  void badQueryIs400() throws Exception {
    assertThat(t.get("/api/v1/events?q=%28%28unbalanced").statusCode()).isEqualTo(400);
    assertThat(t.get("/api/v1/events?limit=-3").statusCode()).isEqualTo(400);
    assertThat(t.get("/api/v1/events?from=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiDocumentMatchesTheRoutes() throws Exception {
    Set<String> documented = new TreeSet<>();
    try (var in = ApiServer.class.getResourceAsStream(ApiServer.OPENAPI)) {
      java.util.Map<String, Object> doc = (java.util.Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
      ((java.util.Map<String, Object>) doc.get("paths")).forEach((path, ops) ->
          ((java.util.Map<String, Object>) ops).keySet().forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path)));
    }
    Set<String> registered = new TreeSet<>(t.server.apiRoutes());
    assertThat(documented).isEqualTo(registered);
    assertThat(t.get("/api/v1/openapi.yaml").body()).startsWith("openapi: 3.1.0");
  }
}
