package org.patou.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.inventory.Asset;
import org.patou.inventory.Door;
import org.patou.inventory.Importers;
import org.patou.inventory.Inventory;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.LocalNets;
import org.patou.parse.RecordParser;
import org.patou.store.WalRecord;
import org.patou.testkit.SharedData;

/** Live discovery: events as patou serve stores them, folded and merged into the inventory. */
public class InventoryDiscoveryTest {
  private static final ObjectMapper M = new ObjectMapper();
  private final JsonEventReader json = new JsonEventReader();
  private final RecordParser lines = new RecordParser(ZoneOffset.UTC);
  @TempDir Path tmp;

  private Event ev(String j) {
    return json.parse(j);
  }

  private Event syslog(String line) {
    return lines.parse(new WalRecord(1, WalRecord.LINE, System.currentTimeMillis(), "syslog-tcp",
        line.getBytes(StandardCharsets.UTF_8))).event();
  }

  private static List<Door> doors(InventoryStore s, String name) {
    try {
      return s.doors(name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long t(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  /** A Zeek conn.log TSV line as the ECS contract has it (what Filebeat / patou's parser give). */
  static ObjectNode ecs(String[] fields, String[] v) {
    Map<String, String> r = new TreeMap<>();
    for (int k = 0; k < fields.length; k++) {
      r.put(fields[k], v[k]);
    }
    ObjectNode o = M.createObjectNode();
    double ts = Double.parseDouble(r.get("ts"));
    o.put("@timestamp", Instant.ofEpochMilli((long) (ts * 1000)).toString());
    o.put("event.dataset", "zeek.conn");
    o.put("source.ip", r.get("id.orig_h"));
    o.put("source.port", Long.parseLong(r.get("id.orig_p")));
    o.put("destination.ip", r.get("id.resp_h"));
    o.put("destination.port", Long.parseLong(r.get("id.resp_p")));
    o.put("network.transport", r.get("proto"));
    if (!"-".equals(r.get("service"))) {
      o.put("network.protocol", r.get("service"));
    }
    if (!"-".equals(r.get("orig_bytes"))) {
      o.put("source.bytes", Long.parseLong(r.get("orig_bytes")));
    }
    if (!"-".equals(r.get("resp_bytes"))) {
      o.put("destination.bytes", Long.parseLong(r.get("resp_bytes")));
    }
    o.put("zeek.connection.state", r.get("conn_state"));
    if (!"-".equals(r.get("local_orig"))) {
      o.put("zeek.connection.local_orig", r.get("local_orig").equals("T"));
    }
    if (!"-".equals(r.get("local_resp"))) {
      o.put("zeek.connection.local_resp", r.get("local_resp").equals("T"));
    }
    if (!"-".equals(r.get("resp_pkts"))) {
      o.put("destination.packets", Long.parseLong(r.get("resp_pkts")));
    }
    return o;
  }

  /** The real conn.log as ECS JSON events, with their times. */
  public static List<ObjectNode> realConnEvents() throws Exception {
    Path f = SharedData.require("zeek/stratosphere/008-zeek-mixed/data/conn.log.labeled");
    String[] fields = null;
    List<ObjectNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (l.startsWith("#fields\t")) {
        fields = l.substring(8).split("\t");
      } else if (!l.startsWith("#") && !l.isBlank()) {
        out.add(ecs(fields, l.split("\t", -1)));
      }
    }
    return out;
  }

  @Test
  void realZeekConnEventsGiveTheExposureOfTheConnLogImportWithTimesAndNoDuplicates() throws Exception {
    List<ObjectNode> events = realConnEvents();
    InventoryDiscovery d = new InventoryDiscovery(tmp, LocalNets.PRIVATE, 60_000);
    long firstTs = Long.MAX_VALUE;
    long lastTs = Long.MIN_VALUE;
    int n = 0;
    for (ObjectNode o : events) {
      long ts = Instant.parse(o.get("@timestamp").asText()).toEpochMilli();
      d.event(Integer.toString(++n), ev(o.toString()), ts, ts, "http");
      if (n % 500 == 0) {
        d.committed();
      }
      if (o.get("destination.ip").asText().equals("147.32.81.167") && o.get("destination.port").asInt() == 5060
          && o.get("network.transport").asText().equals("tcp")
          && java.util.Set.of("SF", "S1", "S2", "S3", "RSTO", "RSTR").contains(o.get("zeek.connection.state").asText())
          && !o.get("zeek.connection.local_orig").asBoolean()) {
        firstTs = Math.min(firstTs, ts);
        lastTs = Math.max(lastTs, ts);
      }
    }
    d.committed();
    d.flush();
    assertThat(d.pending()).isZero();
    assertThat(d.dropped()).isZero();
    assertThat(d.failedWrites()).isZero();
    // The conn.log importer's rules (same file, Zeek's local flags): the exposed doors per address.
    Inventory imported = Importers.read(SharedData.require("zeek/stratosphere/008-zeek-mixed/data/conn.log.labeled"),
        null, null, true);
    Map<String, TreeSet<String>> expected = new TreeMap<>();
    for (Inventory.Host h : imported.hosts()) {
      expected.put(h.asset().addresses().get(0), new TreeSet<>(h.doors().stream().map(Door::label).toList()));
    }
    assertThat(expected).isNotEmpty();
    Map<String, TreeSet<String>> seen = new TreeMap<>();
    try (InventoryStore s = new InventoryStore(tmp)) {
      List<Asset> assets = s.assets();
      // one asset per address: never two assets for one machine
      assertThat(assets.stream().flatMap(a -> a.addresses().stream()).toList()).doesNotHaveDuplicates();
      for (Asset a : assets) {
        assertThat(a.addresses()).hasSize(1);
        TreeSet<String> exposed = new TreeSet<>();
        for (Door door : s.doors(a.name())) {
          assertThat(door.source()).isEqualTo("events:zeek");
          if (door.exposed()) {
            exposed.add(door.label());
            assertThat(door.evidence()).startsWith("observed inbound from ").endsWith(" (zeek conn)");
          }
        }
        if (!exposed.isEmpty()) {
          seen.put(a.addresses().get(0), exposed);
        }
      }
      assertThat(seen).isEqualTo(expected);
      Door sip = s.doors("147.32.81.167").stream().filter(x -> x.label().equals("5060/tcp")).findFirst().orElseThrow();
      assertThat(sip.firstSeen()).isEqualTo(Instant.ofEpochMilli(firstTs));
      assertThat(sip.lastSeen()).isEqualTo(Instant.ofEpochMilli(lastTs));
      assertThat(s.seen("147.32.81.167")).extracting(InventoryStore.Seen::source).containsExactly("events:zeek");
    }
    // The same events again (a WAL replay): nothing new, no duplicate rows.
    int doorsBefore;
    try (InventoryStore s = new InventoryStore(tmp)) {
      doorsBefore = s.count("inv_door");
    }
    InventoryDiscovery again = new InventoryDiscovery(tmp, LocalNets.PRIVATE, 0);
    for (ObjectNode o : events) {
      long ts = Instant.parse(o.get("@timestamp").asText()).toEpochMilli();
      again.event("x", ev(o.toString()), ts, ts, "http");
    }
    again.committed();
    again.awaitWrite();
    assertThat(again.written()).isPositive();
    assertThat(again.created()).isZero();
    try (InventoryStore s = new InventoryStore(tmp)) {
      assertThat(s.count("inv_door")).isEqualTo(doorsBefore);
    }
  }

  @Test
  void zeekConnLinesThroughPatousOwnZeekParserGiveTheSameExposure() throws Exception {
    Path f = SharedData.require("zeek/stratosphere/008-zeek-mixed/data/conn.log.labeled");
    org.patou.parse.zeek.ZeekParser zeek = new org.patou.parse.zeek.ZeekParser();
    InventoryDiscovery d = new InventoryDiscovery(tmp, LocalNets.PRIVATE, 60_000);
    int n = 0;
    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      Event e = zeek.tsv("conn.log", l);
      if (e != null && e.get("@timestamp") instanceof String ts) {
        long at = Instant.parse(ts).toEpochMilli();
        d.event(Integer.toString(++n), e, at, at, "file");
      }
    }
    d.flush();
    assertThat(n).isGreaterThan(5_000);
    Inventory imported = Importers.read(f, null, null, true);
    try (InventoryStore s = new InventoryStore(tmp)) {
      for (Inventory.Host h : imported.hosts()) {
        String addr = h.asset().addresses().get(0);
        assertThat(s.doors(addr).stream().filter(Door::exposed).map(Door::label).sorted().toList()).as(addr)
            .isEqualTo(h.doors().stream().map(Door::label).sorted().toList());
      }
      assertThat(s.assets().stream().filter(a -> doors(s, a.name()).stream().anyMatch(Door::exposed)).count())
          .isEqualTo(imported.hosts().size());
    }
  }

  @Test
  void syslogWindowsSshdAndZeekMergeIntoTheExistingInventory() throws Exception {
    try (InventoryStore s = new InventoryStore(tmp)) {
      s.importInventory(new Inventory("nmap", List.of(new Inventory.Host(new Asset("web01.example.org", List.of("10.0.0.5"),
          List.of(), "debian", "12", null, null, 4, List.of()), null, List.of(), List.of(), List.of()))), "nmap", null, null);
    }
    InventoryDiscovery d = new InventoryDiscovery(tmp, LocalNets.PRIVATE, 0);
    // syslog from web01 (the name in another case, with a trailing dot): the same asset
    d.event("1", syslog("<38>1 2026-11-26T10:00:00Z WEB01.example.org. sshd 4242 - - Failed password for root from 203.0.113.9 port 4711 ssh2"),
        t("2026-11-26T10:00:00Z"), 0, "syslog-tcp");
    // db01 over an agent with its addresses (loopback is not an identity)
    d.event("2", ev("{\"@timestamp\":\"2026-11-26T10:00:01Z\",\"host.name\":\"db01\",\"host.ip\":[\"127.0.0.1\",\"10.0.0.7\",\"fe80::1\"],"
        + "\"log.syslog.hostname\":\"db01\",\"message\":\"x\"}"), t("2026-11-26T10:00:01Z"), 0, "http");
    d.event("3", syslog("<38>1 2026-11-26T10:00:02Z db01 sshd 77 - - Server listening on 0.0.0.0 port 2222."),
        t("2026-11-26T10:00:02Z"), 0, "syslog-tcp");
    d.event("4", syslog("<38>1 2026-11-26T10:00:03Z db01 sshd 78 - - Accepted publickey for bob from 10.0.0.5 port 5555 ssh2"),
        t("2026-11-26T10:00:03Z"), 0, "syslog-tcp");
    // Zeek sees web01 talk to db01's postgres: a service of db01 found by address, no asset "10.0.0.7"
    d.event("5", ev("{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"10.0.0.5\",\"source.port\":40000,\"destination.ip\":\"10.0.0.7\","
        + "\"destination.port\":5432,\"network.transport\":\"tcp\",\"zeek.connection.state\":\"SF\",\"destination.bytes\":900}"),
        t("2026-11-26T10:00:04Z"), 0, "http");
    // A Windows event (EVTX as JSON)
    d.event("6", ev("{\"Event\":{\"System\":{\"Computer\":\"DC1.corp.local\",\"EventID\":4624}}}"), t("2026-11-26T10:00:05Z"), 0, "http");
    // Zeek ssh: the banner of web01's sshd, reached from outside
    d.event("7", ev("{\"event.dataset\":\"zeek.ssh\",\"source.ip\":\"198.51.100.7\",\"destination.ip\":\"10.0.0.5\","
        + "\"destination.port\":22,\"zeek.ssh.server\":\"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\"}"), t("2026-11-26T10:00:06Z"), 0, "http");
    d.committed();
    assertThat(d.pending()).as("handed to the writer thread").isZero();
    d.awaitWrite();
    try (InventoryStore s = new InventoryStore(tmp)) {
      assertThat(s.assets()).extracting(Asset::name).containsExactly("db01", "DC1.corp.local", "web01.example.org");
      Asset web = s.asset("web01.example.org");
      assertThat(web.addresses()).containsExactly("10.0.0.5");
      assertThat(web.criticality()).isEqualTo(4);
      assertThat(web.osId()).isEqualTo("debian");
      List<Door> webDoors = s.doors("web01.example.org");
      assertThat(webDoors).extracting(Door::label, Door::exposed, Door::source, Door::evidence).containsExactly(
          org.assertj.core.groups.Tuple.tuple("22/tcp", true, "events:sshd", "observed inbound from 203.0.113.9 (sshd log)"),
          org.assertj.core.groups.Tuple.tuple("22/tcp", true, "events:zeek", "observed inbound from 198.51.100.7 (zeek ssh)"));
      assertThat(webDoors.get(1)).extracting(Door::product, Door::version, Door::address).containsExactly("OpenSSH", "9.2p1", "10.0.0.5");
      assertThat(webDoors.get(0).firstSeen()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
      assertThat(s.seen("web01.example.org")).extracting(InventoryStore.Seen::source)
          .containsExactly("events:sshd", "events:syslog", "events:zeek");
      Asset db = s.asset("db01");
      assertThat(db.addresses()).containsExactly("10.0.0.7");
      assertThat(s.doors("db01")).extracting(Door::label, Door::exposed, Door::source).containsExactly(
          org.assertj.core.groups.Tuple.tuple("2222/tcp", false, "events:sshd"),
          org.assertj.core.groups.Tuple.tuple("5432/tcp", false, "events:zeek"));
      assertThat(s.seen("DC1.CORP.LOCAL")).singleElement().extracting(InventoryStore.Seen::source, InventoryStore.Seen::detail)
          .containsExactly("events:windows", "Computer DC1.corp.local (windows event)");
    }
    // Later: the same failed login again moves last-seen, keeps first-seen, adds no row.
    d.event("8", syslog("<38>1 2026-11-26T11:30:00Z web01.example.org sshd 4242 - - Failed password for root from 203.0.113.9 port 4712 ssh2"),
        t("2026-11-26T11:30:00Z"), 0, "syslog-tcp");
    d.committed();
    d.awaitWrite();
    try (InventoryStore s = new InventoryStore(tmp)) {
      Door ssh = s.doors("web01.example.org").get(0);
      assertThat(ssh.firstSeen()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
      assertThat(ssh.lastSeen()).isEqualTo(Instant.parse("2026-11-26T11:30:00Z"));
      assertThat(s.count("inv_door")).isEqualTo(4);
      assertThat(s.count("inv_asset")).isEqualTo(3);
    }
  }

  @Test
  void knownFactsSeenAgainWaitForTheirRefresh() throws Exception {
    InventoryDiscovery d = new InventoryDiscovery(tmp, LocalNets.PRIVATE, 60_000);
    String conn = "{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"198.51.100.7\",\"destination.ip\":\"10.0.0.5\","
        + "\"destination.port\":443,\"network.transport\":\"tcp\",\"network.protocol\":\"ssl\",\"zeek.connection.state\":\"SF\"}";
    d.event("1", ev(conn), t("2026-11-26T10:00:00Z"), 0, "http");
    d.committed();
    d.awaitWrite();
    assertThat(d.written()).isEqualTo(1);
    d.event("2", ev(conn), t("2026-11-26T10:00:30Z"), 0, "http");
    d.committed();
    d.awaitWrite();
    assertThat(d.written()).as("nothing new: no database work").isEqualTo(1);
    assertThat(d.pending()).isEqualTo(1);
    d.event("3", ev(conn), t("2026-11-26T10:01:00Z"), 0, "http");
    d.committed();
    d.awaitWrite();
    assertThat(d.written()).isEqualTo(2);
    try (InventoryStore s = new InventoryStore(tmp)) {
      Door door = s.doors("10.0.0.5").get(0);
      assertThat(door.lastSeen()).isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));
      // Zeek's "ssl" alone leaves the service to the port (443: https for the patch plan)
      assertThat(door.service()).isNull();
    }
  }

  @Test
  void aFailedWriteKeepsItsFactsForTheNextCommit() throws Exception {
    Path blocked = tmp.resolve("blocked");
    Files.writeString(blocked, "not a folder: the inventory cannot be opened");
    InventoryDiscovery d = new InventoryDiscovery(blocked, LocalNets.PRIVATE, 60_000);
    d.event("1", ev("{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"198.51.100.7\",\"destination.ip\":\"10.0.0.5\","
        + "\"destination.port\":25,\"network.transport\":\"tcp\",\"network.protocol\":\"smtp\",\"zeek.connection.state\":\"SF\"}"),
        t("2026-11-26T10:00:00Z"), 0, "http");
    d.committed();
    d.awaitWrite();
    assertThat(d.failedWrites()).isEqualTo(1);
    assertThat(d.written()).isZero();
    assertThat(d.pending()).isEqualTo(1);
    Files.delete(blocked);
    d.committed();
    d.awaitWrite();
    assertThat(d.written()).isEqualTo(1);
    try (InventoryStore s = new InventoryStore(blocked)) {
      assertThat(s.doors("10.0.0.5")).extracting(Door::label, Door::service, Door::exposed)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("25/tcp", "smtp", true));
    }
  }

  @Test
  void memoryIsBoundedAndOddEventsAreSkipped() {
    InventoryDiscovery d = new InventoryDiscovery(tmp, LocalNets.PRIVATE, 0);
    int n = InventoryDiscovery.MAX_PENDING + 5_000;
    for (int i = 0; i < n; i++) {
      String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      d.event("e", ev("{\"host.name\":\"h" + i + "\",\"host.ip\":\"" + ip + "\"}"), 1_000L + i, 0, "http");
    }
    assertThat(d.pending()).isEqualTo(InventoryDiscovery.MAX_PENDING);
    assertThat(d.dropped()).isEqualTo(5_000);
    InventoryDiscovery odd = new InventoryDiscovery(tmp.resolve("odd"), LocalNets.PRIVATE, 0);
    for (String j : List.of(
        "{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"1.2.3.4\",\"destination.ip\":\"10.0.0.1\",\"destination.port\":\"http\",\"network.transport\":\"tcp\",\"zeek.connection.state\":\"SF\"}",
        "{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"999.2.3.4\",\"destination.ip\":\"10.0.0.1\",\"destination.port\":80,\"network.transport\":\"tcp\",\"zeek.connection.state\":\"SF\"}",
        "{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"1.2.3.4\",\"destination.ip\":\"10.0.0.1\",\"destination.port\":70000,\"network.transport\":\"tcp\",\"zeek.connection.state\":\"SF\"}",
        "{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"1.2.3.4\",\"destination.ip\":\"10.0.0.1\",\"destination.port\":80,\"network.transport\":\"tcp\",\"zeek.connection.state\":\"S0\"}",
        "{\"event.dataset\":\"zeek.conn\",\"source.ip\":\"1.2.3.4\",\"destination.ip\":\"10.0.0.1\",\"destination.port\":80,\"network.transport\":\"icmp\",\"zeek.connection.state\":\"OTH\"}",
        "{\"host.name\":\"bad name with spaces\"}", "{\"host.name\":\"localhost\"}", "{\"host.name\":[]}",
        "{\"host.name\":\"127.0.0.1\"}", "{\"message\":\"nothing\"}")) {
      odd.event("e", ev(j), 1_000L, 0, "http");
    }
    assertThat(odd.pending()).isZero();
  }
}
