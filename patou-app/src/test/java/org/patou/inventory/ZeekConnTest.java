package org.patou.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.cli.inventory.TestRoot;
import org.patou.testkit.SharedData;

/** Observed inbound connections (Zeek conn.log) as exposure. */
class ZeekConnTest {
  @TempDir Path tmp;

  @Test
  void establishedInboundConnectionsBecomeObservedDoors() throws Exception {
    Inventory inv = Importers.read(Fixtures.path("packages/zeek-conn.log"), null, null, true);
    assertThat(inv.format()).isEqualTo("zeek-conn");
    // 443 established from outside: a door; 22 never answered (S0): none; outbound 443: none; UDP 53 answered
    assertThat(inv.hosts()).extracting(h -> h.asset().addresses().get(0) + " " + h.doors().stream().map(Door::label).toList())
        .containsExactly("192.168.1.10 [443/tcp]", "192.168.1.11 [53/udp]");
    assertThat(inv.hosts().get(0).doors().get(0)).extracting(Door::exposed, Door::source, Door::service)
        .containsExactly(true, "observed", "ssl");
    // with explicit local networks, 192.168.1.11 is outside and nothing inbound is seen for it
    Inventory narrowed = Importers.read("z", Files.readAllBytes(Fixtures.path("packages/zeek-conn.log")), null, null,
        true, List.of("192.168.1.10/32"));
    assertThat(narrowed.hosts()).hasSize(1);
  }

  @Test
  void importMergesWithTheAssetHoldingTheAddress() throws Exception {
    Path data = tmp.resolve("d");
    try (InventoryStore s = new InventoryStore(data)) {
      s.importInventory(new Inventory("nmap", List.of(new Inventory.Host(new Asset("web01", List.of("192.168.1.10"),
          List.of(), null, null, null, null, 3, List.of()), null, List.of(), List.of(), List.of()))), "nmap", null, null);
    }
    TestRoot.Result r = TestRoot.run("--data", data.toString(), "inventory", "import", Fixtures.path("packages/zeek-conn.log").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("zeek-conn, 0 packages, 2 doors -> web01, 192.168.1.11");
  }

  @Test
  void realZeekLogWithLocalFlags() throws Exception {
    Path f = SharedData.require("zeek/stratosphere/008-zeek-mixed/data/conn.log.labeled");
    Inventory inv = Importers.read(f, null, null, true);
    assertThat(inv.hosts()).anySatisfy(h -> {
      assertThat(h.asset().addresses()).containsExactly("147.32.81.167");
      assertThat(h.doors()).extracting(Door::label).contains("5060/tcp", "8008/tcp", "2000/tcp");
    });
  }
}
