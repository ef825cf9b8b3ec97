package org.patou.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.CachedSigmaEngine;
import org.patou.testing.Cli;
import org.patou.testkit.SharedData;

/**
 * {@code patou hunt} reads network and web logs with the parsers of {@code patou serve}: Zeek TSV
 * and JSON, Suricata EVE, web access logs; the rules see the same events either way.
 */
class HuntNetworkLogsTest {
  static final String Z = "zeek/stratosphere/";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path resource(String name, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path to = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = getClass().getResourceAsStream(name)) {
      Files.write(to, in.readAllBytes());
    }
    return to;
  }

  private static Path rule(Path dir, String name, String yaml) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static List<JsonNode> detections(Cli r) {
    return r.out().lines().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }

  private static Cli hunt(Path rules, Path logs) {
    return Cli.run(CachedSigmaEngine.INSTANCE, "hunt", "--rules", rules.toString(), "--min-level", "informational",
        "--format", "jsonl", "-q", logs.toString());
  }

  @Test
  void zeekTsvLogsReachTheZeekRules() throws Exception {
    Path conn = SharedData.require(Z + "008-zeek-mixed/data/conn.log.labeled");
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.copy(conn, logs.resolve("conn.log"));
    Path rules = tmp.resolve("rules");
    resource("/rules/zeek/zeek_conn_telnet_probe.yml", rules);
    long telnet = Files.readAllLines(conn, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("#"))
        .map(l -> l.split("\t", -1)).filter(v -> v[5].equals("23") && v[11].equals("S0")).count();
    assertThat(telnet).isPositive();
    Cli r = hunt(rules, logs);
    assertThat(r.code()).as(r.toString()).isZero();
    List<JsonNode> found = detections(r);
    assertThat(found).hasSize((int) telnet);
    JsonNode e = found.get(0).get("event");
    assertThat(e.get("event.dataset").asText()).isEqualTo("zeek.conn");
    assertThat(e.get("destination.port").asLong()).isEqualTo(23);
    assertThat(e.get("id.resp_p").asLong()).as("Zeek's own names are kept").isEqualTo(23);
  }

  @Test
  void suricataEveAndZeekJsonAreMappedToEcs() throws Exception {
    Path logs = tmp.resolve("logs");
    resource("/parse/suricata/eve.json", logs);
    resource("/parse/zeek/zeek.json", logs);
    Path rules = tmp.resolve("rules");
    rule(rules, "eve.yml", """
        title: EVE alert by signature (test)
        id: 0d6f1c52-7a37-4f0e-9d2b-0b1d4c6b9e11
        status: test
        logsource: {product: suricata}
        detection:
          selection:
            alert.signature_id: 2018358
            event.kind: alert
            source.ip: 192.168.2.14
          condition: selection
        level: low
        """);
    rule(rules, "dns.yml", """
        title: Zeek DNS query (test)
        id: 6b0f3e0a-2f55-4b8e-9a57-3f2f6a1d7c22
        status: test
        logsource: {product: zeek, service: dns}
        detection:
          selection:
            query: testmyids.com
          condition: selection
        level: low
        """);
    Cli r = hunt(rules, logs);
    assertThat(r.code()).as(r.toString()).isZero();
    List<JsonNode> found = detections(r);
    assertThat(found).extracting(d -> d.get("rule").get("title").asText())
        .containsExactlyInAnyOrder("EVE alert by signature (test)", "Zeek DNS query (test)");
    JsonNode dns = found.stream().filter(d -> d.get("rule").get("title").asText().startsWith("Zeek")).findFirst().orElseThrow();
    assertThat(dns.get("event").get("dns.question.name").asText()).isEqualTo("testmyids.com");
  }

  /** Unmapped keyword rules of other products stay off Zeek and EVE records, not off syslog. */
  @Test
  void ciscoKeywordRulesStayOffNetworkRecords() throws Exception {
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    Files.copy(SharedData.projectRoot().resolve("rules/sigmahq/rules/network/cisco/aaa/cisco_cli_local_accounts.yml"),
        rules.resolve("cisco_cli_local_accounts.yml"));
    Path logs = tmp.resolve("logs");
    Files.createDirectories(logs);
    Path http = SharedData.require(Z + "008-zeek-mixed/data/http.log.labeled");
    Path sip = SharedData.require(Z + "008-zeek-mixed/data/sip.log.labeled");
    Files.copy(http, logs.resolve("http.log"));
    Files.copy(sip, logs.resolve("sip.log"));
    assertThat(Files.readString(http) + Files.readString(sip)).contains("username");
    Files.writeString(logs.resolve("eve.json"), "{\"timestamp\":\"2024-05-01T10:00:00.000000+0000\",\"flow_id\":1,"
        + "\"event_type\":\"http\",\"src_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\",\"http\":{\"url\":\"/login?username=admin\"}}\n");
    Cli network = hunt(rules, logs);
    assertThat(network.code()).as(network.toString()).isZero();
    assertThat(network.out()).isEmpty();
    // the same rule on a router's syslog line still fires: the test can fail
    Files.writeString(logs.resolve("router.log"),
        "2024-05-01T10:00:00Z core1 sshd[1]: username admin privilege 15 secret 5 $1$x\n");
    Cli withSyslog = hunt(rules, logs);
    assertThat(detections(withSyslog)).hasSize(1);
    assertThat(withSyslog.out()).contains("router.log");
  }

  @Test
  void webAccessLogsReachTheWebserverRules() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("access.log"),
        "203.0.113.9 - - [04/Jan/2020:07:25:02 +0000] \"GET /index.php?page=../../../../etc/passwd HTTP/1.1\" 404 522 \"-\" \"curl/8.0\"\n"
            + "192.168.1.1 - - [04/Jan/2020:08:41:43 +0000] \"GET /index.html HTTP/1.1\" 200 550 \"-\" \"Mozilla/5.0\"\n");
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    rule(rules, "traversal.yml", """
        title: Path traversal in a URL (test)
        id: 9a0c3f11-6d2e-4b7a-8c55-2e1f0b9d4a33
        status: test
        logsource: {category: webserver}
        detection:
          selection:
            cs-uri-query|contains: '../../'
          condition: selection
        level: low
        """);
    Cli r = hunt(rules, logs);
    assertThat(r.code()).as(r.toString()).isZero();
    List<JsonNode> found = detections(r);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("event").get("source.ip").asText()).isEqualTo("203.0.113.9");
  }
}
