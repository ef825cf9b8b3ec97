package org.patou.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Allowlist;
import org.patou.respond.Commands;
import org.patou.respond.NftablesEnforcer;
import org.patou.testing.Netns;

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
  private final Netns netns = new Netns();

  private static Commands.Result sh(String... cmd) throws IOException {
    return Netns.sh(cmd);
  }

  @BeforeEach
  void setUp() throws Exception {
    Netns.assumeUsable();
    netns.add(server, client);
    Netns.veth(server, "veth-s", client, "veth-c");
    Netns.addr(server, "veth-s", "10.231.9.1/24");
    Netns.addr(client, "veth-c", "10.231.9.2/24", "10.231.9.3/24");
    netns.python(server,
        "import socket\n"
            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.231.9.1', 2222)); s.listen(64)\n"
            + "while True:\n"
            + "  c,_=s.accept(); c.sendall(b'ok'); c.close()\n");
    for (int i = 0; i < 50 && !connects("10.231.9.2"); i++) {
      Thread.sleep(100);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    netns.close();
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
    Netns.must("ip", "netns", "exec", server, "nft", "delete", "table", "inet", "patou");
    assertThat(connects("10.231.9.3")).as("no table: .3 connects").isTrue();
    try (LiveServer s = new LiveServer(data, List.of(nft), allow, 1000)) {
      assertThat(connects("10.231.9.3")).as("after the restart: .3 banned again").isFalse();
      assertThat(connects("10.231.9.2")).isTrue();
      assertThat(s.prevention.decisions()).isZero();
    }
  }
}
