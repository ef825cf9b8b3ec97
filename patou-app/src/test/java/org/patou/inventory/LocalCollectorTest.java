package org.patou.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.cli.inventory.TestRoot;

/** {@code inventory collect} on the machine running the tests, compared with dpkg-query and ss. */
class LocalCollectorTest {
  @TempDir Path tmp;

  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), out).isZero();
    return out;
  }

  static boolean onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void packagesEqualDpkgQuery() throws Exception {
    assumeTrue(onPath("dpkg-query") && Files.exists(Path.of("/var/lib/dpkg/status")),
        "skipped: not a dpkg system (no dpkg-query)");
    Inventory inv = new LocalCollector(Path.of("/")).collect();
    Set<String> collected = inv.hosts().get(0).software().stream().map(s -> s.name() + " " + s.version())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = new TreeSet<>();
    for (String l : run("dpkg-query", "-W", "-f", "${db:Status-Status}\\t${binary:Package}\\t${Version}\\n").split("\n")) {
      String[] f = l.split("\t");
      if (f.length == 3 && f[0].equals("installed")) {
        String name = f[1].contains(":") ? f[1].substring(0, f[1].indexOf(':')) : f[1];
        expected.add(name + " " + f[2]);
      }
    }
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(collected).isEqualTo(expected);
    assertThat(inv.hosts().get(0).asset().osId()).isNotNull();
  }

  static Set<Integer> ssPorts() throws Exception {
    Set<Integer> out = new TreeSet<>();
    for (String l : run("ss", "-ltnH").split("\n")) {
      String[] f = l.trim().split("\\s+");
      if (f.length >= 4) {
        out.add(Integer.parseInt(f[3].substring(f[3].lastIndexOf(':') + 1)));
      }
    }
    return out;
  }

  @Test
  void listeningPortsEqualSs() throws Exception {
    assumeTrue(onPath("ss"), "skipped: ss (iproute2) not installed");
    try (ServerSocket mine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Set<Integer> before = ssPorts();
      Inventory inv = new LocalCollector(Path.of("/")).collect();
      Set<Integer> after = ssPorts();
      Set<Integer> collected = inv.hosts().get(0).doors().stream().filter(d -> d.protocol().equals("tcp"))
          .map(Door::port).collect(Collectors.toCollection(TreeSet::new));
      Set<Integer> stable = new TreeSet<>(before);
      stable.retainAll(after);
      Set<Integer> any = new TreeSet<>(before);
      any.addAll(after);
      // other processes may open or close ports between the calls: compare on what both ss runs saw
      assertThat(collected).contains(mine.getLocalPort()).containsAll(stable);
      assertThat(any).containsAll(collected);
      assertThat(inv.hosts().get(0).doors()).allSatisfy(d -> assertThat(d.exposed()).isFalse());
    }
  }

  @Test
  void collectCommandStoresTheMachine() throws Exception {
    TestRoot.Result r = TestRoot.run("--data", tmp.toString(), "inventory", "collect", "--asset", "this-machine");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("this-machine: ");
    try (InventoryStore s = new InventoryStore(tmp)) {
      Asset a = s.asset("this-machine");
      assertThat(a).isNotNull();
      assertThat(s.doors("this-machine")).allSatisfy(d -> assertThat(d.source()).isEqualTo("collect"));
      if (Files.exists(Path.of("/var/lib/dpkg/status"))) {
        assertThat(s.software("this-machine")).isNotEmpty()
            .allSatisfy(sw -> assertThat(sw.namespace()).isEqualTo(org.patou.vuln.Namespace.forOs(a.osId(), a.osVersion())));
      }
    }
  }

  @Test
  void fakeRootFindsAdminsAndRemoteAccessTools() throws Exception {
    Files.createDirectories(tmp.resolve("etc"));
    Files.createDirectories(tmp.resolve("usr/bin"));
    Files.createDirectories(tmp.resolve("lib/apk/db"));
    Files.writeString(tmp.resolve("etc/os-release"), "ID=alpine\nVERSION_ID=3.11.6\n", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("etc/hostname"), "kiosk\n", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/ash\ntoor:x:0:0::/:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/ash\n", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("etc/group"), "root:x:0:\nwheel:x:10:root,bob\n", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("usr/bin/rustdesk"), "", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("lib/apk/db/installed"), "P:musl\nV:1.1.23-r1\n\nP:anydesk\nV:6.0-r0\n\n", StandardCharsets.UTF_8);
    Inventory.Host h = new LocalCollector(tmp).collect().hosts().get(0);
    assertThat(h.asset().name()).isEqualTo("kiosk");
    assertThat(h.asset().osId()).isEqualTo("alpine");
    assertThat(h.admins()).containsExactly("root", "toor", "bob");
    assertThat(h.remoteAccessTools()).containsExactly("AnyDesk", "RustDesk");
    assertThat(h.software()).extracting(Software::name).containsExactly("musl", "anydesk");
    assertThat(LocalCollector.hexAddress("0100007F", false)).isEqualTo("127.0.0.1");
    assertThat(List.of(LocalCollector.hexAddress("00000000000000000000000001000000", true))).containsExactly("0:0:0:0:0:0:0:1");
  }
}
