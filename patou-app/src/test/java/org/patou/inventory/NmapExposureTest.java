package org.patou.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.cli.inventory.TestRoot;

/** A real nmap run against ports this test opens on 127.0.0.1, imported as exposure. */
class NmapExposureTest {
  @TempDir Path tmp;

  @Test
  void realNmapScanBecomesExposedDoors() throws Exception {
    assumeTrue(LocalCollectorTest.onPath("nmap"), "skipped: nmap is not installed (apt-get install -y nmap)");
    try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket b = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int closed;
      try (ServerSocket c = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        closed = c.getLocalPort();
      }
      Path xml = tmp.resolve("scan.xml");
      String ports = a.getLocalPort() + "," + b.getLocalPort() + "," + closed;
      Process p = new ProcessBuilder("nmap", "-Pn", "-n", "-T4", "-p", ports, "-oX", xml.toString(), "127.0.0.1")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();

      Path data = tmp.resolve("data");
      TestRoot.Result r = TestRoot.run("--data", data.toString(), "inventory", "import", xml.toString(), "--asset", "gateway");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("nmap, 0 packages, 2 doors -> gateway");
      try (InventoryStore s = new InventoryStore(data)) {
        List<Door> doors = s.doors("gateway");
        assertThat(doors).extracting(Door::port).containsExactlyInAnyOrder(a.getLocalPort(), b.getLocalPort());
        assertThat(doors).allSatisfy(d -> {
          assertThat(d.exposed()).isTrue();
          assertThat(d.protocol()).isEqualTo("tcp");
          assertThat(d.address()).isEqualTo("127.0.0.1");
        });
        assertThat(s.asset("gateway").addresses()).contains("127.0.0.1");
      }
      // a second scan without --asset finds the same asset by address (identity rule)
      TestRoot.Result again = TestRoot.run("--data", data.toString(), "inventory", "import", xml.toString());
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("-> gateway");
      String show = TestRoot.run("--data", data.toString(), "inventory", "show", "gateway").out();
      assertThat(show).contains(a.getLocalPort() + "/tcp").contains("EXPOSED");
    }
  }

  @Test
  void nmapXmlWithServicesAndMalformedXml() throws Exception {
    String xml = """
        <?xml version="1.0"?>
        <nmaprun scanner="nmap" args="nmap -sV -oX - 192.0.2.10">
        <host><status state="up"/><address addr="192.0.2.10" addrtype="ipv4"/>
        <address addr="00:11:22:aa:bb:cc" addrtype="mac"/>
        <hostnames><hostname name="mail.example.org" type="PTR"/></hostnames>
        <ports><port protocol="tcp" portid="25"><state state="open"/><service name="smtp" product="Postfix smtpd"/></port>
        <port protocol="tcp" portid="443"><state state="open"/><service name="http" product="nginx" version="1.22.1" tunnel="ssl"/></port>
        <port protocol="tcp" portid="23"><state state="filtered"/></port></ports></host>
        <host><status state="down"/><address addr="192.0.2.11" addrtype="ipv4"/></host>
        </nmaprun>
        """;
    Inventory inv = Importers.read("scan.xml", xml.getBytes(StandardCharsets.UTF_8), null, null, true);
    assertThat(inv.hosts()).hasSize(1);
    Inventory.Host h = inv.hosts().get(0);
    assertThat(h.asset().name()).isEqualTo("mail.example.org");
    assertThat(h.asset().macs()).containsExactly("00:11:22:AA:BB:CC");
    assertThat(h.doors()).extracting(Door::label, Door::service, Door::product).containsExactly(
        org.assertj.core.groups.Tuple.tuple("25/tcp", "smtp", "Postfix smtpd"),
        org.assertj.core.groups.Tuple.tuple("443/tcp", "ssl/http", "nginx"));
    assertThat(org.patou.vuln.DoorLinks.serves(h.doors().get(1), "nginx-core", "nginx")).isTrue();
    assertThat(org.patou.vuln.DoorLinks.serves(h.doors().get(1), "libssl3", "openssl")).isTrue();
    assertThat(org.patou.vuln.DoorLinks.serves(h.doors().get(0), "postfix", null)).isTrue();
    assertThat(org.patou.vuln.DoorLinks.serves(h.doors().get(0), "libssl3", "openssl")).isFalse();
    String bad = "<?xml version=\"1.0\"?>\n<nmaprun>\n<host><status state=\"up\"/>\n<ports><port protocol=\"tcp\" portid=\"x\">";
    assertThat(catchThrowable(() -> Importers.read("bad.xml", bad.getBytes(StandardCharsets.UTF_8), null, null, true)))
        .isInstanceOf(ParseException.class).hasMessageContaining("bad.xml: host[0] line 4");
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE n [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><nmaprun>&x;</nmaprun>";
    assertThat(catchThrowable(() -> Importers.read("xxe.xml", xxe.getBytes(StandardCharsets.UTF_8), null, null, true)))
        .isInstanceOf(ParseException.class);
    Files.writeString(tmp.resolve("x"), "", StandardCharsets.UTF_8);
  }
}
