package org.patou.parse.suricata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.patou.event.Event;
import org.patou.event.EventParseException;
import org.patou.event.JsonEventReader;

/** Suricata EVE to ECS, on records written after Suricata's EVE documentation (see the fixture's README). */
class EveParserTest {
  static List<String> fixture() throws Exception {
    return Files.readAllLines(Path.of(EveParserTest.class.getResource("/parse/suricata/eve.json").toURI()),
        StandardCharsets.UTF_8);
  }

  static Event parse(String line) {
    return new EveParser().parse(new JsonEventReader().parse(line), line);
  }

  @Test
  void everyEventTypeOfTheFixture() throws Exception {
    List<Event> es = new ArrayList<>();
    for (String l : fixture()) {
      Event e = parse(l);
      assertThat(e).as(l).isNotNull();
      assertThat(e.get("event.module")).isEqualTo("suricata");
      assertThat(e.get("event.dataset")).isEqualTo("suricata.eve");
      assertThat(e.get("event.original")).isEqualTo(l);
      assertThat(e.get("source.ip")).isNotNull();
      assertThat(e.get("destination.ip")).isNotNull();
      es.add(e);
    }
    Event alert = es.get(0);
    assertThat(alert.get("@timestamp")).isEqualTo("2017-04-07T21:24:37.251Z");
    assertThat(alert.get("event.kind")).isEqualTo("alert");
    assertThat(alert.get("event.category")).isEqualTo(List.of("network", "intrusion_detection"));
    assertThat(alert.get("event.type")).isEqualTo(List.of("allowed"));
    assertThat(alert.get("rule.id")).isEqualTo("2018358");
    assertThat(alert.get("rule.name")).isEqualTo("ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1");
    assertThat(alert.get("rule.category")).isEqualTo("Potentially Bad Traffic");
    assertThat(alert.get("event.severity")).isEqualTo(2L);
    assertThat(alert.get("source.port")).isEqualTo(50096L);
    assertThat(alert.get("destination.port")).isEqualTo(80L);
    assertThat(alert.get("network.transport")).isEqualTo("tcp");
    assertThat(alert.get("network.protocol")).isEqualTo("http");
    assertThat(alert.get("suricata.eve.flow_id")).isEqualTo("586497171462735");
    // original fields kept
    assertThat(alert.get("alert.signature_id")).isEqualTo(2018358L);
    assertThat(alert.get("metadata.flowbits")).isEqualTo(List.of("http.dottedquadhost"));

    Event blocked = es.get(1);
    assertThat(blocked.get("event.type")).isEqualTo(List.of("denied"));
    assertThat(blocked.get("source.bytes")).isEqualTo(342L);
    assertThat(blocked.get("network.community_id")).isEqualTo("1:t9Zx0bWkr1V+c3RA1Cw0mSf6Zfs=");
    assertThat(blocked.get("observer.ingress.interface.name")).isEqualTo("eth0");

    Event flow = es.get(2);
    assertThat(flow.get("event.kind")).isEqualTo("event");
    assertThat(flow.get("event.type")).isEqualTo(List.of("connection"));
    assertThat(flow.get("source.packets")).isEqualTo(12L);
    assertThat(flow.get("destination.bytes")).isEqualTo(6840L);
    assertThat(flow.get("network.bytes")).isEqualTo(8642L);
    assertThat(flow.get("event.start")).isEqualTo("2017-04-07T21:24:36.100Z");
    assertThat(flow.get("event.duration")).isEqualTo(2_500_000_000L);

    assertThat(es.get(3).get("dns.question.name")).isEqualTo("twitter.com");
    assertThat(es.get(3).get("dns.type")).isEqualTo("query");
    assertThat(es.get(3).get("dns.id")).isEqualTo("15529");
    Event answer = es.get(4);
    assertThat(answer.get("dns.type")).isEqualTo("answer");
    assertThat(answer.get("dns.response_code")).isEqualTo("NOERROR");
    assertThat(answer.get("dns.answers.data")).isEqualTo(List.of("104.244.42.65", "104.244.42.1"));
    assertThat(answer.get("dns.answers.ttl")).isEqualTo(List.of(724L, 724L));
    assertThat(answer.get("dns.resolved_ip")).isEqualTo(List.of("104.244.42.65", "104.244.42.1"));

    Event http = es.get(5);
    assertThat(http.get("event.category")).isEqualTo(List.of("network", "web"));
    assertThat(http.get("http.request.method")).isEqualTo("POST");
    assertThat(http.get("url.original")).isEqualTo("/api/v1/log");
    assertThat(http.get("http.response.status_code")).isEqualTo(404L);
    assertThat(http.get("event.outcome")).isEqualTo("failure");
    assertThat(http.get("http.version")).isEqualTo("1.1");
    assertThat(http.get("user_agent.original")).isEqualTo("Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1)");

    Event tls = es.get(6);
    assertThat(tls.get("tls.client.server_name")).isEqualTo("twitter.com");
    assertThat(tls.get("tls.version")).isEqualTo("1.2");
    assertThat(tls.get("tls.version_protocol")).isEqualTo("tls");
    assertThat(tls.get("suricata.eve.tls.version")).isEqualTo("TLS 1.2");
    assertThat(tls.get("tls.client.ja3")).isEqualTo("e7d705a3286e19ea42f587b344ee6865");
    assertThat(tls.get("tls.server.hash.sha1")).isEqualTo("B61EC121185C3343E169FC33FA9A2E07F2642D7A");
    assertThat(tls.get("tls.server.not_after")).isEqualTo("2024-01-09T23:59:59Z");

    assertThat(es.get(7).get("network.protocol")).isEqualTo("ssh");
    assertThat(es.get(7).get("ssh.client.software_version")).isEqualTo("libssh_0.9.6");

    Event file = es.get(8);
    assertThat(file.get("event.category")).isEqualTo(List.of("file"));
    assertThat(file.get("file.name")).isEqualTo("setup.exe");
    assertThat(file.get("file.size")).isEqualTo(73728L);
    assertThat(file.get("file.hash.md5")).isEqualTo("2a7ba2b5f6d1c5e1f0d8bd7a36c9b2f1");

    assertThat(es.get(9).get("event.action")).isEqualTo("anomaly");
  }

  @Test
  void notEve() {
    JsonEventReader r = new JsonEventReader();
    EveParser p = new EveParser();
    assertThat(p.parse(r.parse("{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"event_type\":\"x\"}"), "x")).isNull();
    assertThat(p.parse(r.parse("{\"timestamp\":\"not a time\",\"event_type\":\"alert\"}"), "x")).isNull();
    assertThat(p.parse(r.parse("{\"timestamp\":\"2024-01-01T00:00:00\",\"event_type\":7}"), "x")).isNull();
    // no offset (the older documentation's examples): read as UTC
    assertThat(p.parse(r.parse("{\"timestamp\":\"2009-11-24T21:27:09.534255\",\"event_type\":\"alert\"}"), "x")
        .get("@timestamp")).isEqualTo("2009-11-24T21:27:09.534Z");
  }

  static String mutate(Random rnd, String l) {
    StringBuilder b = new StringBuilder(l);
    int edits = 1 + rnd.nextInt(4);
    for (int k = 0; k < edits && b.length() > 0; k++) {
      int at = rnd.nextInt(b.length());
      switch (rnd.nextInt(4)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, "\"{}:,0".charAt(rnd.nextInt(6)));
        case 2 -> b.setCharAt(at, (char) rnd.nextInt(0x3000));
        default -> b.insert(at, "\"x\":[1,\"a\",{\"b\":null}],");
      }
    }
    return b.toString();
  }

  /** Mutated EVE records never make the parser throw (seeded; seed printed). */
  @TestFactory
  Stream<DynamicTest> mutatedRecordsNeverThrow() throws Exception {
    List<String> lines = fixture();
    long base = Long.getLong("patou.seed", 0x5eed_2026L);
    return Stream.iterate(0, i -> i + 1).limit(10).map(i -> {
      long seed = base + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> {
        Random rnd = new Random(seed);
        JsonEventReader r = new JsonEventReader();
        EveParser p = new EveParser();
        int parsed = 0;
        for (int n = 0; n < 3000; n++) {
          String l = mutate(rnd, lines.get(rnd.nextInt(lines.size())));
          Event json;
          try {
            json = r.parse(l);
          } catch (EventParseException | java.io.UncheckedIOException e) {
            continue;
          }
          try {
            Event e = p.parse(json, l);
            if (e != null) {
              parsed++;
              assertThat(e.get("event.dataset")).isEqualTo("suricata.eve");
            }
          } catch (RuntimeException ex) {
            throw new AssertionError("seed " + seed + ", record " + n + " threw " + ex + ": " + l, ex);
          }
        }
        assertThat(parsed).isPositive();
      });
    });
  }
}
