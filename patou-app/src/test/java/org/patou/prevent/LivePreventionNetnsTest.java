package org.patou.prevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Allowlist;
import org.patou.respond.Commands;
import org.patou.respond.NftablesEnforcer;

/**
 * The whole live path for real: brute-force sshd lines arrive over syslog TCP at a running server
 * (127.0.0.1), a scenario decides, and the nftables table of a network namespace made by the test
 * (ip netns + veth) drops the attacker: it can no longer connect to a port in the namespace, while
 * an allowlisted address that did the same still can. After a restart the table is rebuilt from
 * the stored decisions. Skipped, saying why, when not root or when nft, ip or python3 are missing.
 */
class LivePreventionNetnsTest {
  private final String server = "patou-lsrv-" + ProcessHandle.current().pid();
  private final String client = "patou-lcli-" + ProcessHandle.current().pid();
  private final List<String> created = new ArrayList<>();
  private Process listener;

  private static boolean exists(String cmd) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, cmd))) {
        return true;
      }
    }
    return false;
  }

  private static Commands.Result sh(String... cmd) throws IOException {
    return Commands.run(List.of(cmd), null, Map.of(), 20);
  }

  private static void must(String... cmd) throws IOException {
    Commands.Result r = sh(cmd);
    if (r.exit() != 0) {
      throw new IOException(String.join(" ", cmd) + " -> " + r.exit() + ": " + r.output());
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "skipped: not root (nftables and netns need it)");
    assumeTrue(exists("nft") && exists("ip"), "skipped: nft or ip missing (apt-get install nftables iproute2)");
    assumeTrue(exists("python3"), "skipped: python3 missing (the test's TCP listener and client)");
    Commands.Result probe = sh("ip", "netns", "add", server);
    assumeTrue(probe.exit() == 0, "skipped: cannot create a network namespace: " + probe.output());
    created.add(server);
    must("ip", "netns", "add", client);
    created.add(client);
    must("ip", "-n", server, "link", "add", "veth-s", "type", "veth", "peer", "name", "veth-c", "netns", client);
    must("ip", "-n", server, "addr", "add", "10.231.9.1/24", "dev", "veth-s");
    must("ip", "-n", client, "addr", "add", "10.231.9.2/24", "dev", "veth-c");
    must("ip", "-n", client, "addr", "add", "10.231.9.3/24", "dev", "veth-c");
    for (String ns : List.of(server, client)) {
      must("ip", "-n", ns, "link", "set", "lo", "up");
    }
    must("ip", "-n", server, "link", "set", "veth-s", "up");
    must("ip", "-n", client, "link", "set", "veth-c", "up");
    listener = new ProcessBuilder("ip", "netns", "exec", server, "python3", "-c",
        "import socket\n"
            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.231.9.1', 2222)); s.listen(64)\n"
            + "while True:\n"
            + "  c,_=s.accept(); c.sendall(b'ok'); c.close()\n")
        .redirectErrorStream(true).start();
    for (int i = 0; i < 50 && !connects("10.231.9.2"); i++) {
      Thread.sleep(100);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (listener != null) {
      listener.destroyForcibly();
      listener.waitFor();
    }
    for (String ns : created) {
      sh("ip", "netns", "del", ns);
    }
  }

  private boolean connects(String from) throws IOException {
    Commands.Result r = sh("ip", "netns", "exec", client, "python3", "-c",
        "import socket,sys\n"
            + "s=socket.socket(); s.settimeout(1.5); s.bind((sys.argv[1],0))\n"
            + "try:\n  s.connect(('10.231.9.1',2222)); print(s.recv(2).decode())\nexcept Exception as e:\n  print('fail', e)\n",
        from);
    return r.output().strip().equals("ok");
  }

  @Test
  void bruteForceOverSyslogBansTheAttackerInTheNamespace(@TempDir Path data) throws Exception {
    assertThat(connects("10.231.9.3")).as("before: .3 connects").isTrue();
    assertThat(connects("10.231.9.2")).as("before: .2 connects").isTrue();
    NftablesEnforcer nft = new NftablesEnforcer(List.of("ip", "netns", "exec", server, "nft"), -10);
    Allowlist allow = Allowlist.of(List.of("10.231.9.2"));
    try (LiveServer s = new LiveServer(data, List.of(nft), allow, 1000)) {
      List<String> lines = new ArrayList<>(LiveServer.bruteForce("10.231.9.3", 6));
      lines.addAll(LiveServer.bruteForce("10.231.9.2", 6));
      s.send(lines);
      assertThat(s.prevention.enforcement().failures()).isZero();
      assertThat(s.prevention.refused()).as("allowlisted .2 refused").isPositive();
      assertThat(connects("10.231.9.3")).as("banned .3").isFalse();
      assertThat(connects("10.231.9.2")).as("allowlisted .2, same attack").isTrue();
      assertThat(sh("ip", "netns", "exec", server, "nft", "list", "set", "inet", "patou", "ban4").output())
          .contains("10.231.9.3").doesNotContain("10.231.9.2");
    }
    // A reboot loses the table; the next start rebuilds it from the stored decisions.
    must("ip", "netns", "exec", server, "nft", "delete", "table", "inet", "patou");
    assertThat(connects("10.231.9.3")).as("no table: .3 connects").isTrue();
    try (LiveServer s = new LiveServer(data, List.of(nft), allow, 1000)) {
      assertThat(connects("10.231.9.3")).as("after the restart: .3 banned again").isFalse();
      assertThat(connects("10.231.9.2")).isTrue();
      assertThat(s.prevention.decisions()).isZero();
    }
  }
}
