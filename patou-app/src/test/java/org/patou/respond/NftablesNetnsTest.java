package org.patou.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Decision;
import org.patou.testing.Netns;

/**
 * nftables for real, in two network namespaces made by the test ({@code ip netns add} and a veth
 * pair; all addresses live inside them). The server namespace runs a TCP listener and patou's
 * table; the client namespace has two addresses, one banned. Skipped, saying why, when not root or
 * when nft, ip or python3 are missing.
 */
class NftablesNetnsTest {
  private final String server = "patou-srv-" + ProcessHandle.current().pid();
  private final String client = "patou-cli-" + ProcessHandle.current().pid();
  private final Netns netns = new Netns();

  private static Commands.Result sh(String... cmd) throws IOException {
    return Netns.sh(cmd);
  }

  @BeforeEach
  void setUp() throws Exception {
    Netns.assumeUsable();
    netns.add(server, client);
    Netns.veth(server, "veth-s", client, "veth-c");
    Netns.addr(server, "veth-s", "10.231.7.1/24", "fd00:7::1/64");
    Netns.addr(client, "veth-c", "10.231.7.2/24", "10.231.7.3/24", "fd00:7::2/64", "fd00:7::3/64");
    netns.python(server,
        "import socket,threading\n"
            + "def serve(fam, addr):\n"
            + "  s=socket.socket(fam); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((addr, 7777)); s.listen(64)\n"
            + "  while True:\n"
            + "    c,_=s.accept(); c.sendall(b'ok'); c.close()\n"
            + "threading.Thread(target=serve, args=(socket.AF_INET6,'fd00:7::1'), daemon=True).start()\n"
            + "serve(socket.AF_INET,'10.231.7.1')\n");
    // Wait until it answers.
    for (int i = 0; i < 50 && !connects("10.231.7.2", "10.231.7.1"); i++) {
      Thread.sleep(100);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    netns.close();
  }

  private boolean connects(String from, String to) throws IOException {
    Commands.Result r = sh("ip", "netns", "exec", client, "python3", "-c",
        "import socket,sys\n"
            + "fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET\n"
            + "s=socket.socket(fam); s.settimeout(1.5); s.bind((sys.argv[1],0))\n"
            + "try:\n  s.connect((sys.argv[2],7777)); print(s.recv(2).decode())\nexcept Exception as e:\n  print('fail', e)\n",
        from, to);
    return r.output().strip().equals("ok");
  }

  @Test
  void bannedAddressCannotConnectAllowedOneCan(@TempDir Path data) throws Exception {
    assertThat(connects("10.231.7.2", "10.231.7.1")).as("before: .2 connects").isTrue();
    assertThat(connects("10.231.7.3", "10.231.7.1")).as("before: .3 connects").isTrue();
    NftablesEnforcer nft = new NftablesEnforcer(List.of("ip", "netns", "exec", server, "nft"), -10);
    Instant now = Instant.now();
    Decision ban4 = DecisionStoreTest.ban("10.231.7.3", now, Duration.ofHours(1));
    Decision ban6 = DecisionStoreTest.ban("fd00:7::3", now, Duration.ofHours(1));
    // Start: table rebuilt from the store (empty), then decisions come one by one.
    nft.reconcile(List.of(), now);
    nft.apply(List.of(ban4, ban6), now);
    assertThat(connects("10.231.7.3", "10.231.7.1")).as("banned .3").isFalse();
    assertThat(connects("10.231.7.2", "10.231.7.1")).as("allowed .2").isTrue();
    assertThat(connects("fd00:7::3", "fd00:7::1")).as("banned fd00:7::3").isFalse();
    assertThat(connects("fd00:7::2", "fd00:7::1")).as("allowed fd00:7::2").isTrue();
    String sets = sh("ip", "netns", "exec", server, "nft", "list", "set", "inet", "patou", "ban4").output();
    assertThat(sets).contains("10.231.7.3").contains("timeout").contains("expires");

    // A restart: decisions persisted in H2 rebuild the sets (the table is replaced atomically).
    try (DecisionStore store = new DecisionStore(data)) {
      store.add(ban4);
      store.add(DecisionStoreTest.ban("10.231.7.0/30", now.minusSeconds(7200), Duration.ofHours(1))); // expired
    }
    sh("ip", "netns", "exec", server, "nft", "delete", "table", "inet", "patou");
    assertThat(connects("10.231.7.3", "10.231.7.1")).as("no table: .3 connects").isTrue();
    try (DecisionStore store = new DecisionStore(data)) {
      nft.reconcile(store.active(Instant.now()), Instant.now());
    }
    assertThat(connects("10.231.7.3", "10.231.7.1")).as("after reconcile: .3 banned").isFalse();
    assertThat(connects("10.231.7.2", "10.231.7.1")).as("after reconcile: .2 allowed").isTrue();

    // Lifting the decision opens again; a range ban closes the whole range.
    nft.remove(List.of(ban4));
    assertThat(connects("10.231.7.3", "10.231.7.1")).isTrue();
    nft.apply(List.of(DecisionStoreTest.ban("10.231.7.2/31", now, Duration.ofHours(1))), Instant.now());
    assertThat(connects("10.231.7.2", "10.231.7.1")).isFalse();
    assertThat(connects("10.231.7.3", "10.231.7.1")).isFalse();

    // A throttled address still connects (under the rate), and the kernel accepted the meter.
    nft.reconcile(List.of(new Decision(0, "throttle", org.patou.decide.Scope.IP, "10.231.7.3", "x", "", "cli",
        now, now.plusSeconds(600), 0, 1, false)), Instant.now());
    assertThat(connects("10.231.7.3", "10.231.7.1")).as("throttled .3 under the rate").isTrue();
    assertThat(sh("ip", "netns", "exec", server, "nft", "list", "set", "inet", "patou", "thr4").output()).contains("10.231.7.3");
  }
}
