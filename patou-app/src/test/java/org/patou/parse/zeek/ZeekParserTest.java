package org.patou.parse.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.testkit.SharedData;

/** Zeek TSV (real Stratosphere logs) and Zeek JSON to ECS. */
class ZeekParserTest {
  static final String Z = "zeek/stratosphere/";

  static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }

  /** Every line of a file through one stream; the data lines' events (header events checked). */
  static List<Event> read(ZeekParser p, String stream, Path file) throws IOException {
    List<Event> out = new ArrayList<>();
    for (String l : lines(file)) {
      Event e = p.tsv(stream, l);
      assertThat(e).as(l).isNotNull();
      if (l.startsWith("#")) {
        assertThat(e.get("tags")).isEqualTo(List.of(ZeekParser.HEADER_TAG));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void connTsvGivesTheContractFields() throws Exception {
    ZeekParser p = new ZeekParser();
    Path f = SharedData.require(Z + "008-zeek-mixed/data/conn.log.labeled");
    List<Event> es = read(p, "file:a", f);
    assertThat(es.size()).isEqualTo(lines(f).stream().filter(l -> !l.startsWith("#")).count()).isGreaterThan(5000);
    Event e = es.get(0);
    // 1655071198.444458 CHLXQF2OBY4onAR0Ug 147.32.81.167 62771 40.74.108.123 443 tcp ssl 1.135424 1596 4039 SF T F 5138 ShADdaFf 14 1016 16 1226 (empty) Benign Microsoft
    assertThat(e.get("event.dataset")).isEqualTo("zeek.conn");
    assertThat(e.get("event.module")).isEqualTo("zeek");
    assertThat(e.get("@timestamp")).isEqualTo("2022-06-12T21:59:58.444Z");
    assertThat(e.get("source.ip")).isEqualTo("147.32.81.167");
    assertThat(e.get("source.port")).isEqualTo(62771L);
    assertThat(e.get("destination.ip")).isEqualTo("40.74.108.123");
    assertThat(e.get("destination.port")).isEqualTo(443L);
    assertThat(e.get("network.transport")).isEqualTo("tcp");
    assertThat(e.get("network.protocol")).isEqualTo("ssl");
    assertThat(e.get("source.bytes")).isEqualTo(1596L);
    assertThat(e.get("destination.bytes")).isEqualTo(4039L);
    assertThat(e.get("source.packets")).isEqualTo(14L);
    assertThat(e.get("destination.packets")).isEqualTo(16L);
    assertThat(e.get("event.duration")).isEqualTo(1_135_424_000L);
    assertThat(e.get("zeek.session_id")).isEqualTo("CHLXQF2OBY4onAR0Ug");
    assertThat(e.get("zeek.connection.state")).isEqualTo("SF");
    assertThat(e.get("zeek.connection.local_orig")).isEqualTo(true);
    assertThat(e.get("zeek.connection.local_resp")).isEqualTo(false);
    assertThat(e.get("network.direction")).isEqualTo("outbound");
    assertThat(e.get("event.type")).isEqualTo(List.of("connection", "start", "end"));
    assertThat(e.get("event.category")).isEqualTo(List.of("network"));
    // original fields kept under Zeek's names, typed; the label columns too
    assertThat(e.get("id.orig_h")).isEqualTo("147.32.81.167");
    assertThat(e.get("orig_ip_bytes")).isEqualTo(1016L);
    assertThat(e.get("tunnel_parents")).isEqualTo(List.of());
    assertThat(e.get("label")).isEqualTo("Benign");
    assertThat(e.get("detailedlabel")).isEqualTo("Microsoft");
    assertThat((String) e.get("event.original")).startsWith("1655071198.444458\tCHLXQF2OBY4onAR0Ug\t");
    // "-" means absent: some connection has no service, and then no network.protocol
    Event noService = es.stream().filter(x -> !x.has("service")).findFirst().orElseThrow();
    assertThat(noService.has("network.protocol")).isFalse();
    assertThat(es.stream().allMatch(x -> x.get("source.ip") != null)).isTrue();
  }

  @Test
  void dnsHttpSslSshTsv() throws Exception {
    ZeekParser p = new ZeekParser();
    Event dns = read(p, "d", SharedData.require(Z + "005-zeek-scenario-malicious/dns.log")).get(0);
    // 13.184015 CaBhzn4douRRoJ519a 192.168.1.116 50814 8.8.8.8 53 udp 51541 0.001219 dns.msftncsi.com 1 C_INTERNET 1 A 0 NOERROR F F T T 0 131.107.255.255 17.000000 F
    assertThat(dns.get("event.dataset")).isEqualTo("zeek.dns");
    assertThat(dns.get("dns.question.name")).isEqualTo("dns.msftncsi.com");
    assertThat(dns.get("dns.question.type")).isEqualTo("A");
    assertThat(dns.get("dns.question.class")).isEqualTo("IN");
    assertThat(dns.get("dns.response_code")).isEqualTo("NOERROR");
    assertThat(dns.get("dns.id")).isEqualTo("51541");
    assertThat(dns.get("dns.header_flags")).isEqualTo(List.of("RD", "RA"));
    assertThat(dns.get("dns.answers.data")).isEqualTo(List.of("131.107.255.255"));
    assertThat(dns.get("dns.answers.ttl")).isEqualTo(List.of(17L));
    assertThat(dns.get("dns.resolved_ip")).isEqualTo(List.of("131.107.255.255"));
    assertThat(dns.get("event.duration")).isEqualTo(1_219_000L);
    assertThat(dns.get("network.transport")).isEqualTo("udp");
    assertThat(dns.get("query")).isEqualTo("dns.msftncsi.com");

    Event http = read(p, "h", SharedData.require(Z + "005-zeek-scenario-malicious/http.log")).get(0);
    assertThat(http.get("event.dataset")).isEqualTo("zeek.http");
    assertThat(http.get("http.request.method")).isEqualTo("GET");
    assertThat(http.get("url.domain")).isEqualTo("gatyfus.com");
    assertThat(http.get("url.original")).isEqualTo("/login.php");
    assertThat(http.get("http.request.referrer")).isEqualTo("http://www.google.com");
    assertThat(http.get("http.version")).isEqualTo("1.1");
    assertThat((String) http.get("user_agent.original")).startsWith("Mozilla/4.0 (compatible; MSIE 2.0;");
    assertThat(http.get("http.response.status_code")).isEqualTo(302L);
    assertThat(http.get("http.response.body.bytes")).isEqualTo(154L);
    assertThat(http.get("resp_mime_types")).isEqualTo(List.of("text/html"));

    List<Event> ssl = read(p, "s", SharedData.require(Z + "008-zeek-mixed/data/ssl.log.labeled"));
    Event tls = ssl.get(1);
    assertThat(tls.get("event.dataset")).isEqualTo("zeek.ssl");
    assertThat(tls.get("tls.version")).isEqualTo("1.2");
    assertThat(tls.get("tls.version_protocol")).isEqualTo("tls");
    assertThat(tls.get("tls.cipher")).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    assertThat(tls.get("tls.client.server_name")).isEqualTo("array614.prod.do.dsp.mp.microsoft.com");
    assertThat(tls.get("tls.established")).isEqualTo(true);
    assertThat(tls.get("tls.next_protocol")).isEqualTo("h2");
    assertThat((String) tls.get("tls.server.subject")).startsWith("CN=*.prod.do.dsp.mp.microsoft.com,");
    assertThat(tls.get("cert_chain_fuids")).isEqualTo(List.of("FXfuuITRsnGp2MXud", "FNnJkH3C7Kiz99eAVb"));
    assertThat(ssl.get(0).has("tls.version")).isFalse(); // "-"

    List<Event> ssh = read(p, "x", SharedData.require(Z + "006-zeek-scenario-ssh/ssh.log"));
    assertThat(ssh.get(0).get("event.dataset")).isEqualTo("zeek.ssh");
    assertThat(ssh.get(0).get("event.outcome")).isEqualTo("success");
    assertThat(ssh.get(1).get("event.outcome")).isEqualTo("failure");
    assertThat(ssh.get(1).get("auth_attempts")).isEqualTo(2L);
    assertThat(ssh.get(1).get("network.protocol")).isEqualTo("ssh");
    assertThat(ssh.get(1).get("source.ip")).isEqualTo("2001:718:2:1663::1ce");
  }

  @Test
  void everyRealTsvLogOfTheFiveTypesIsRead() throws Exception {
    Path root = SharedData.require(Z);
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(f -> f.getFileName().toString().matches("(conn|dns|http|ssl|ssh)\\.log(\\.labeled)?|labeled-conn\\.log"))
          .filter(f -> !first(f).startsWith("{")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    ZeekParser p = new ZeekParser();
    long n = 0;
    for (Path f : files) {
      String type = f.getFileName().toString().replaceFirst("^labeled-", "").replaceFirst("\\..*", "");
      for (Event e : read(p, f.toString(), f)) {
        assertThat(e.get("event.dataset")).as(f.toString()).isEqualTo("zeek." + type);
        assertThat(e.get("@timestamp")).as(f.toString()).isNotNull();
        assertThat(e.get("source.ip")).as(f.toString()).isNotNull();
        n++;
      }
    }
    assertThat(n).isGreaterThan(30_000);
  }

  private static String first(Path f) {
    try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      return Objects.requireNonNullElse(r.readLine(), "");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void headersArePerStreamWhenLinesInterleave() throws Exception {
    List<String> conn = lines(SharedData.require(Z + "001-zeek-scenario-malicious/conn.log"));
    List<String> dns = lines(SharedData.require(Z + "005-zeek-scenario-malicious/dns.log"));
    ZeekParser p = new ZeekParser();
    int c = 0;
    int d = 0;
    List<Event> fromConn = new ArrayList<>();
    List<Event> fromDns = new ArrayList<>();
    while (c < conn.size() || d < dns.size()) {
      if (c < conn.size()) {
        fromConn.add(p.tsv("file:conn", conn.get(c++)));
      }
      if (d < dns.size()) {
        fromDns.add(p.tsv("file:dns", dns.get(d++)));
      }
    }
    assertThat(fromConn.stream().allMatch(Objects::nonNull)).isTrue();
    assertThat(fromDns.stream().allMatch(Objects::nonNull)).isTrue();
    assertThat(fromConn.stream().filter(e -> "zeek.conn".equals(e.get("event.dataset"))).count())
        .isEqualTo(conn.stream().filter(l -> !l.startsWith("#")).count());
    assertThat(fromDns.stream().filter(e -> "zeek.dns".equals(e.get("event.dataset"))).count())
        .isEqualTo(dns.stream().filter(l -> !l.startsWith("#")).count());
    // a stream with no header: its data lines are not Zeek's
    assertThat(p.tsv("file:other", conn.get(8))).isNull();
    assertThat(p.tracks("file:conn")).isTrue();
    assertThat(p.tracks("file:other")).isFalse();
    // a line with the wrong column count is refused
    assertThat(p.tsv("file:conn", "1.0\tCx\t1.2.3.4")).isNull();
  }

  @Test
  void zeekJsonFixturesAndTheRealSshJson() throws Exception {
    JsonEventReader r = new JsonEventReader();
    ZeekParser p = new ZeekParser();
    List<Event> es = new ArrayList<>();
    for (String l : lines(Path.of(ZeekParserTest.class.getResource("/parse/zeek/zeek.json").toURI()))) {
      es.add(p.json(r.parse(l), l));
    }
    assertThat(es).extracting(e -> e.get("event.dataset"))
        .containsExactly("zeek.conn", "zeek.conn", "zeek.dns", "zeek.http", "zeek.ssl", "zeek.ssh");
    Event conn = es.get(0);
    assertThat(conn.get("@timestamp")).isEqualTo("2020-06-05T14:39:59.306Z");
    assertThat(conn.get("source.bytes")).isEqualTo(62L);
    assertThat(conn.get("destination.bytes")).isEqualTo(141L);
    assertThat(conn.get("network.protocol")).isEqualTo("dns");
    assertThat(conn.get("network.direction")).isEqualTo("internal");
    assertThat(conn.get("event.duration")).isEqualTo(66_851_854L);
    assertThat(conn.get("_path")).isEqualTo("conn");
    assertThat(es.get(1).get("@timestamp")).isEqualTo("2020-06-05T14:39:59.305Z");
    assertThat(es.get(2).get("dns.answers.ttl")).isEqualTo(List.of(3600L));
    assertThat(es.get(3).get("http.response.status_code")).isEqualTo(200L);
    assertThat(es.get(4).get("tls.client.server_name")).isEqualTo("www.taosecurity.com");
    assertThat(es.get(5).get("event.outcome")).isEqualTo("failure");

    Path real = SharedData.require(Z + "004-zeek-scenario-ssh/ssh.log");
    int n = 0;
    for (String l : lines(real)) {
      Event e = p.json(r.parse(l), l);
      assertThat(e).as(l).isNotNull();
      assertThat(e.get("event.dataset")).isEqualTo("zeek.ssh");
      assertThat(e.get("destination.port")).isNotNull();
      n++;
    }
    assertThat(n).isPositive();
    // plain ECS JSON is not Zeek
    assertThat(p.json(r.parse("{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"source.ip\":\"1.2.3.4\"}"), "x")).isNull();
    assertThat(p.json(r.parse("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"1.2.3.4\",\"foo\":1}"), "x")).isNull();
  }

  /** A TSV line and the same record as Zeek JSON give the same fields (the header types them as JSON does). */
  @Test
  void tsvAndJsonOfOneRecordAgree() throws Exception {
    List<String> ls = lines(SharedData.require(Z + "005-zeek-scenario-malicious/dns.log"));
    ZeekParser p = new ZeekParser();
    Event tsv = null;
    for (String l : ls) {
      Event e = p.tsv("s", l);
      if (!l.startsWith("#")) {
        tsv = e;
        break;
      }
    }
    StringBuilder json = new StringBuilder("{");
    tsv.forEach((k, v) -> {
      if (!k.contains(".") || k.startsWith("id.")) {
        if (!k.equals("_path") && !k.equals("@timestamp")) {
          json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(toJson(v));
        }
      }
    });
    json.append('}');
    Event fromJson = new ZeekParser().json(new JsonEventReader().parse(json.toString()), "x");
    assertThat(fromJson).isNotNull();
    tsv.forEach((k, v) -> {
      if (!k.equals("event.original")) {
        assertThat(fromJson.get(k)).as(k).isEqualTo(v);
      }
    });
  }

  private static String toJson(Object v) {
    if (v instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : l) {
        b.append(b.length() > 1 ? "," : "").append(toJson(o));
      }
      return b.append(']').toString();
    }
    return String.valueOf(v);
  }

  /** Never throws, garbage is never Zeek (seeded; seed printed). */
  @TestFactory
  Stream<DynamicTest> garbageNeverThrowsAndIsNotZeek() throws Exception {
    List<String> real = lines(SharedData.require(Z + "006-zeek-scenario-ssh/ssh.log"));
    long base = Long.getLong("patou.seed", 0x5eed_2026L);
    return Stream.iterate(0, i -> i + 1).limit(10).map(i -> {
      long seed = base + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> {
        Random rnd = new Random(seed);
        ZeekParser p = new ZeekParser();
        for (String l : real.subList(0, 8)) {
          p.tsv("s", l); // a real header in force: mutated data lines must not break it
        }
        for (int n = 0; n < 2000; n++) {
          String line = mutate(rnd, real.get(8 + rnd.nextInt(real.size() - 9)));
          try {
            Event e = p.tsv(rnd.nextInt(5) == 0 ? "other" : "s", line);
            if (e != null && !line.startsWith("#")) {
              assertThat(e.get("event.dataset")).isEqualTo("zeek.ssh");
              assertThat(e.get("event.original")).isEqualTo(line);
            }
            String garbage = random(rnd);
            Event g = p.tsv("g" + n, garbage);
            if (!garbage.startsWith("#separator ")) {
              assertThat(g).as(garbage).isNull();
            }
          } catch (RuntimeException ex) {
            throw new AssertionError("seed " + seed + ", line " + n + " threw " + ex, ex);
          }
        }
      });
    });
  }

  static String mutate(Random rnd, String l) {
    StringBuilder b = new StringBuilder(l);
    int edits = 1 + rnd.nextInt(4);
    for (int k = 0; k < edits && b.length() > 0; k++) {
      int at = rnd.nextInt(b.length());
      switch (rnd.nextInt(4)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, "\t\\x".charAt(rnd.nextInt(3)));
        case 2 -> b.setCharAt(at, (char) rnd.nextInt(0x3000));
        default -> b.setLength(at);
      }
    }
    return b.toString();
  }

  static String random(Random rnd) {
    int len = rnd.nextInt(10) == 0 ? rnd.nextInt(100_000) : rnd.nextInt(200);
    StringBuilder b = new StringBuilder(rnd.nextBoolean() ? "#" : "");
    String alphabet = "#\t-,.:0123456789TF()emptyseparator\\x09 ";
    for (int k = 0; k < len; k++) {
      b.append(rnd.nextBoolean() ? alphabet.charAt(rnd.nextInt(alphabet.length())) : (char) rnd.nextInt(0x10000));
    }
    return b.toString();
  }
}
