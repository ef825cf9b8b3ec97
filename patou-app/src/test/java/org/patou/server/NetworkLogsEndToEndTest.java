package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.TestServer;
import org.patou.testkit.SharedData;

/**
 * Zeek, Suricata and Linux account logs sent to a live server (127.0.0.1) the way each travels
 * naturally: real Zeek TSV logs followed by the file tailer (several files at once, so their
 * lines interleave in the pipeline), Zeek JSON and Suricata EVE as JSON lines over HTTP, account
 * lines over syslog TCP; the stored events are read back through the search API.
 */
class NetworkLogsEndToEndTest {
  static final String Z = "zeek/stratosphere/";
  static final String TELNET_RULE = "2b8f5a3e-7c41-4d0a-9e6b-51f0c2d3a7e9";

  @TempDir Path tmp;

  static long dataLines(Path f) throws Exception {
    return Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("#")).count();
  }

  static long total(TestServer t, String q) throws Exception {
    return t.search(q).get("total").asLong();
  }

  /** Waits (the tailer polls every second) until {@code q} finds {@code n} events. */
  static void await(TestServer t, String q, long n) throws Exception {
    long end = System.currentTimeMillis() + 60_000;
    long found = -1;
    while (System.currentTimeMillis() < end) {
      t.idle();
      found = total(t, q);
      if (found >= n) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(found).as(q).isEqualTo(n);
  }

  TestServer server(Path data, Path rules, Path zeekDir) throws Exception {
    return new TestServer(data, rules, 20_000, List.of(zeekDir.resolve("*.log").toString(), zeekDir.resolve("*.txt").toString()));
  }

  @Test
  void zeekTsvFilesFollowedByTheTailerAndAcrossARestart() throws Exception {
    Path conn = SharedData.require(Z + "008-zeek-mixed/data/conn.log.labeled");
    Path dns = SharedData.require(Z + "005-zeek-scenario-malicious/dns.log");
    Path http = SharedData.require(Z + "008-zeek-mixed/data/http.log.labeled");
    Path ssl = SharedData.require(Z + "008-zeek-mixed/data/ssl.log.labeled");
    Path ssh = SharedData.require(Z + "006-zeek-scenario-ssh/ssh.log");
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    try (var in = getClass().getResourceAsStream("/rules/zeek/zeek_conn_telnet_probe.yml")) {
      Files.write(rules.resolve("zeek_conn_telnet_probe.yml"), in.readAllBytes());
    }
    Path zeek = Files.createDirectories(tmp.resolve("zeek"));
    // conn.log is written in two halves: the second after a restart, so reading resumes inside it
    List<String> connLines = Files.readAllLines(conn, StandardCharsets.UTF_8);
    int half = 3000;
    Files.write(zeek.resolve("conn.log"), connLines.subList(0, half), StandardCharsets.UTF_8);
    for (Path p : List.of(dns, http, ssl, ssh)) {
      Files.copy(p, zeek.resolve(p.getFileName().toString().replace(".labeled", "")));
    }
    // a line no parser understands, in a file of its own: kept raw and counted
    Files.writeString(zeek.resolve("notes.txt"), "zz not a log line at all\n", StandardCharsets.UTF_8);
    Path data = tmp.resolve("data");
    long firstConn = connLines.subList(0, half).stream().filter(l -> !l.startsWith("#")).count();
    try (TestServer t = server(data, rules, zeek)) {
      await(t, "event.dataset:zeek.conn", firstConn);
      await(t, "event.dataset:zeek.dns", dataLines(dns));
      await(t, "event.dataset:zeek.http", dataLines(http));
      await(t, "event.dataset:zeek.ssl", dataLines(ssl));
      await(t, "event.dataset:zeek.ssh", dataLines(ssh));
      await(t, "tags:patou_unparsed", 1);
      assertThat(t.search("tags:patou_unparsed").get("events").get(0).get("event.original").asText())
          .isEqualTo("zz not a log line at all");
      // the conn contract, on a record of the real log:
      // 1655071198.444458 CHLXQF2OBY4onAR0Ug 147.32.81.167 62771 40.74.108.123 443 tcp ssl 1.135424 1596 4039 SF T F ...
      JsonNode e = t.search("zeek.session_id:CHLXQF2OBY4onAR0Ug AND event.dataset:zeek.conn").get("events").get(0);
      assertThat(e.get("@timestamp").asText()).isEqualTo("2022-06-12T21:59:58.444Z");
      assertThat(e.get("source.ip").asText()).isEqualTo("147.32.81.167");
      assertThat(e.get("source.port").asLong()).isEqualTo(62771);
      assertThat(e.get("destination.ip").asText()).isEqualTo("40.74.108.123");
      assertThat(e.get("destination.port").asLong()).isEqualTo(443);
      assertThat(e.get("network.transport").asText()).isEqualTo("tcp");
      assertThat(e.get("network.protocol").asText()).isEqualTo("ssl");
      assertThat(e.get("source.bytes").asLong()).isEqualTo(1596);
      assertThat(e.get("destination.bytes").asLong()).isEqualTo(4039);
      assertThat(e.get("source.packets").asLong()).isEqualTo(14);
      assertThat(e.get("destination.packets").asLong()).isEqualTo(16);
      assertThat(e.get("event.duration").asLong()).isEqualTo(1_135_424_000L);
      assertThat(e.get("zeek.connection.state").asText()).isEqualTo("SF");
      assertThat(e.get("zeek.connection.local_orig").asBoolean()).isTrue();
      assertThat(e.get("zeek.connection.local_resp").asBoolean()).isFalse();
      assertThat(e.get("event.original").asText()).startsWith("1655071198.444458\tCHLXQF2OBY4onAR0Ug\t");
      assertThat(e.get("label").asText()).isEqualTo("Benign");
      // the same uid in ssl.log (another file, lines interleaved) got ssl's mapping
      JsonNode s = t.search("zeek.session_id:CHLXQF2OBY4onAR0Ug AND event.dataset:zeek.ssl").get("events").get(0);
      assertThat(s.get("tls.client.server_name").asText()).isEqualTo("settings-win.data.microsoft.com");
      JsonNode q = t.search("event.dataset:zeek.dns AND uid:CaBhzn4douRRoJ519a").get("events").get(0);
      assertThat(q.get("dns.question.name").asText()).isEqualTo("dns.msftncsi.com");
      assertThat(t.search("event.dataset:zeek.ssh AND event.outcome:failure").get("total").asLong()).isPositive();
      // headers are stored as such, not raw
      assertThat(total(t, "tags:zeek_header")).isEqualTo(5 * 8 + 1); // 8 lines per file, #close in ssh.log
      // Sigma's Zeek rules read the Zeek field names of these events
      long telnet = connLines.subList(0, half).stream().filter(l -> !l.startsWith("#"))
          .map(l -> l.split("\t", -1)).filter(v -> v[5].equals("23") && v[11].equals("S0")).count();
      assertThat(telnet).isPositive();
      JsonNode alerts = t.getJson("/api/v1/alerts?limit=10000");
      assertThat(alerts.get("total").asLong()).isEqualTo(telnet);
      assertThat(alerts.get("alerts").get(0).get("rule_id").asText()).isEqualTo(TELNET_RULE);
      assertThat(alerts.get("alerts").get(0).get("entities").get("destination.ip").get(0).asText()).isEqualTo("147.32.81.167");
      JsonNode sources = t.getJson("/api/v1/sources");
      JsonNode file = null;
      for (JsonNode n : sources.get("sources")) {
        if (n.get("name").asText().equals("file")) {
          file = n;
        }
      }
      assertThat(file).as(sources.toString()).isNotNull();
      assertThat(file.get("raw").asLong()).isEqualTo(1);
      assertThat(sources.get("sources").findValuesAsText("name")).allMatch(n -> !n.contains(":"));
    }
    // while the server is down, Zeek writes the rest of conn.log; after the restart the tailer
    // resumes inside the file, after its header: the header is handed again so the lines parse
    Files.write(zeek.resolve("conn.log"), connLines.subList(half, connLines.size()), StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (TestServer t = server(data, rules, zeek)) {
      await(t, "event.dataset:zeek.conn", dataLines(conn));
      assertThat(total(t, "tags:patou_unparsed")).isEqualTo(1);
      assertThat(total(t, "event.dataset:zeek.dns")).isEqualTo(dataLines(dns)); // nothing read twice
    }
  }

  @Test
  void suricataEveAndZeekJsonOverHttp() throws Exception {
    Path eve = Path.of(getClass().getResource("/parse/suricata/eve.json").toURI());
    Path zeekJson = Path.of(getClass().getResource("/parse/zeek/zeek.json").toURI());
    Path realSsh = SharedData.require(Z + "004-zeek-scenario-ssh/ssh.log");
    try (TestServer t = new TestServer(tmp.resolve("data"), null)) {
      List<String> body = new ArrayList<>(Files.readAllLines(eve, StandardCharsets.UTF_8));
      body.addAll(Files.readAllLines(zeekJson, StandardCharsets.UTF_8));
      body.addAll(Files.readAllLines(realSsh, StandardCharsets.UTF_8));
      body.add("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"test_marker\":\"plain-ecs\",\"event_type\":\"not eve: no timestamp field\"}");
      assertThat(t.post("/api/v1/events", (String.join("\n", body) + "\n").getBytes(StandardCharsets.UTF_8)).statusCode())
          .isBetween(200, 299);
      t.idle();
      assertThat(total(t, "event.dataset:suricata.eve")).isEqualTo(10);
      JsonNode a = t.search("test_marker:eve-alert").get("events").get(0);
      assertThat(a.get("event.kind").asText()).isEqualTo("alert");
      assertThat(a.get("rule.id").asText()).isEqualTo("2018358");
      assertThat(a.get("rule.name").asText()).startsWith("ET HUNTING GENERIC SUSPICIOUS POST");
      assertThat(a.get("source.ip").asText()).isEqualTo("192.168.2.14");
      assertThat(a.get("destination.port").asLong()).isEqualTo(80);
      assertThat(a.get("network.transport").asText()).isEqualTo("tcp");
      assertThat(a.get("@timestamp").asText()).isEqualTo("2017-04-07T21:24:37.251Z");
      assertThat(a.get("event.original").asText()).contains("\"signature_id\":2018358");
      assertThat(a.get("alert.signature_id").asLong()).isEqualTo(2018358);
      assertThat(t.search("test_marker:eve-dns-answer").get("events").get(0).get("dns.question.name").asText())
          .isEqualTo("twitter.com");
      assertThat(t.search("test_marker:eve-tls").get("events").get(0).get("tls.version").asText()).isEqualTo("1.2");
      assertThat(total(t, "event.dataset:zeek.conn AND test_marker:zj*")).isEqualTo(2);
      assertThat(t.search("test_marker:zj-dns").get("events").get(0).get("dns.question.name").asText())
          .isEqualTo("testmyids.com");
      long ssh = Files.readAllLines(realSsh, StandardCharsets.UTF_8).size();
      assertThat(total(t, "event.dataset:zeek.ssh")).isEqualTo(ssh + 1);
      JsonNode plain = t.search("test_marker:plain-ecs").get("events").get(0);
      assertThat(plain.has("event.dataset")).isFalse();
      assertThat(total(t, "tags:patou_unparsed")).isZero();
    }
  }

  @Test
  void accountLinesOverSyslogTcpAndUnknownLinesStayRaw() throws Exception {
    List<String> lines = List.of(
        "<86>May 14 09:12:01 acct-host useradd[4242]: new group: name=mallory, GID=1001",
        "<86>May 14 09:12:01 acct-host useradd[4242]: new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0",
        "<86>May 14 09:12:05 acct-host usermod[4250]: add 'mallory' to group 'sudo'",
        "<86>May 14 09:12:05 acct-host usermod[4250]: add 'mallory' to shadow group 'sudo'",
        "<86>May 14 09:12:09 acct-host passwd[4251]: pam_unix(passwd:chauthtok): password changed for mallory",
        "<85>May 14 09:13:00 acct-host sudo: pam_unix(sudo:auth): authentication failure; logname=bob uid=1000 euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=bob",
        "<86>May 14 09:20:00 acct-host userdel[4300]: delete user 'mallory'",
        "<86>May 14 09:20:00 acct-host groupdel[4301]: group 'mallory' removed",
        "this line has no syslog header and no known format");
    try (TestServer t = new TestServer(tmp.resolve("data"), null)) {
      t.tcp((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      t.idle();
      assertThat(total(t, "host.name:acct-host")).isEqualTo(lines.size() - 1);
      assertThat(total(t, "host.name:acct-host AND event.category:iam")).isEqualTo(7);
      JsonNode created = t.search("host.name:acct-host AND event.action:user_created").get("events").get(0);
      assertThat(created.get("user.name").asText()).isEqualTo("mallory");
      assertThat(created.get("user.id").asText()).isEqualTo("1001");
      assertThat(created.get("event.type").toString()).isEqualTo("[\"user\",\"creation\"]");
      JsonNode sudo = t.search("host.name:acct-host AND event.action:user_added_to_group").get("events").get(0);
      assertThat(sudo.get("group.name").asText()).isEqualTo("sudo");
      assertThat(total(t, "host.name:acct-host AND event.type:deletion")).isEqualTo(2);
      assertThat(total(t, "host.name:acct-host AND event.outcome:failure AND user.name:bob")).isEqualTo(1);
      JsonNode raw = t.search("tags:patou_unparsed").get("events").get(0);
      assertThat(raw.get("event.original").asText()).isEqualTo("this line has no syslog header and no known format");
      for (JsonNode n : t.getJson("/api/v1/sources").get("sources")) {
        if (n.get("name").asText().equals("syslog-tcp")) {
          assertThat(n.get("raw").asLong()).isEqualTo(1);
          assertThat(n.get("parsed").asLong()).isEqualTo(lines.size() - 1);
        }
      }
    }
  }
}
