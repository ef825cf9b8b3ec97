package org.patou.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.vuln.Advisory;
import org.patou.vuln.FeedData;

/** Identity and merge rules, snapshot replacement, and transactional feed writes. */
class InventoryStoreTest {
  @TempDir Path tmp;

  static Inventory.Host host(String name, List<String> addrs, List<String> macs) {
    return new Inventory.Host(new Asset(name, addrs, macs, null, null, null, null, 3, List.of()), null,
        List.of(), List.of(), List.of());
  }

  @Test
  void assetsMergeByNameThenMacThenAddress() throws Exception {
    try (InventoryStore s = new InventoryStore(tmp)) {
      s.importInventory(new Inventory("nmap", List.of(host("Web01.example.org.", List.of("192.0.2.10"), List.of()))), "nmap", null, null);
      // same name, other case and no trailing dot: same asset, addresses merged
      s.importInventory(new Inventory("nmap", List.of(host("web01.example.org", List.of("2001:db8::10"), List.of("00:11:22:33:44:55")))), "nmap", null, null);
      // no name: found by MAC
      s.importInventory(new Inventory("nmap", List.of(host("", List.of("192.0.2.99"), List.of("00:11:22:33:44:55")))), "nmap", null, null);
      // no name, unknown MAC, known address
      s.importInventory(new Inventory("nmap", List.of(host("", List.of("192.0.2.10"), List.of()))), "nmap", null, null);
      // unknown everything: new asset named by its address
      s.importInventory(new Inventory("nmap", List.of(host("", List.of("192.0.2.50"), List.of()))), "nmap", null, null);
      assertThat(s.assets()).extracting(Asset::name).containsExactly("192.0.2.50", "Web01.example.org.");
      assertThat(s.asset("WEB01.example.org").addresses()).containsExactly("192.0.2.10", "2001:db8::10", "192.0.2.99");
      s.setAttributes("web01.example.org", "it@mairie", "web", 4, List.of("dmz"));
      s.importInventory(new Inventory("nmap", List.of(host("web01.example.org", List.of(), List.of()))), "nmap", null, null);
      Asset a = s.asset("web01.example.org");
      assertThat(a.criticality()).isEqualTo(4);
      assertThat(a.owner()).isEqualTo("it@mairie");
      assertThat(a.tags()).containsExactly("dmz");
    }
  }

  @Test
  void reimportReplacesTheSnapshotOfTheSameOrigin() throws Exception {
    try (InventoryStore s = new InventoryStore(tmp)) {
      Asset a = Asset.named("srv");
      s.importInventory(Inventory.software("dpkg-status", a, List.of(new Software("a", "1", "deb", null, null),
          new Software("b", "1", "deb", null, null))), "dpkg-status", null, "debian:12");
      s.importInventory(Inventory.software("cyclonedx", a, List.of(new Software("lodash", "4.17.15", "npm", null, null))),
          "cyclonedx", null, null);
      s.importInventory(Inventory.software("dpkg-status", a, List.of(new Software("a", "2", "deb", null, null))),
          "dpkg-status", null, null);
      assertThat(s.software("srv")).extracting(x -> x.name() + "@" + x.version() + " " + x.namespace())
          .containsExactly("a@2 debian:12", "lodash@4.17.15 npm");
    }
  }

  @Test
  void aFeedWriteThatFailsHalfwayRollsBack() throws Exception {
    try (InventoryStore s = new InventoryStore(tmp)) {
      s.importFeeds(List.of(FeedData.kev("v1", List.of(new FeedData.KevEntry("CVE-2020-0001", "2020-01-01", null, null, null)))),
          List.of("kev1"));
      Advisory adv = new Advisory("CVE-2020-0002", List.of(), "npm", "x", List.of(new Advisory.Range(null, "2", null)), List.of(), "osv:x");
      // the second KEV entry duplicates the first: the insert fails after the advisories were written
      FeedData dupKev = FeedData.kev("v2", List.of(new FeedData.KevEntry("CVE-2020-0003", "2020-01-01", null, null, null),
          new FeedData.KevEntry("CVE-2020-0003", "2020-01-01", null, null, null)));
      Throwable t = catchThrowable(() -> s.importFeeds(List.of(FeedData.advisories("osv:x", null, List.of(adv)), dupKev),
          List.of("osv", "kev2")));
      assertThat(t).isInstanceOf(SQLException.class);
      assertThat(s.count("vuln_advisory")).isZero();
      assertThat(s.kevDate("CVE-2020-0001")).isEqualTo("2020-01-01");
      assertThat(s.kevDate("CVE-2020-0003")).isNull();
      assertThat(s.feeds()).containsOnlyKeys("cisa-kev");
    }
  }
}
