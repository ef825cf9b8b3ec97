package org.patou.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.inventory.Door;
import org.patou.inventory.ExposureConfig;
import org.patou.inventory.Fixtures;
import org.patou.inventory.Inventory;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.ParseException;
import org.patou.testkit.SharedData;

/** Exposure given as configuration (NAT, allow rules, nft rulesets) → doors → the patch plan's reason. */
class ExposureCliTest {
  @TempDir Path tmp;

  TestRoot.Result ok(String... args) {
    TestRoot.Result r = TestRoot.run(args);
    assertThat(r.code()).as("%s%n%s", r.out(), r.err()).isZero();
    return r;
  }

  String data() {
    return tmp.resolve("data").toString();
  }

  Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void natInTheConfigurationIsTheExposureThePlanExplains() throws Exception {
    ok("--data", data(), "feeds", "import",
        SharedData.require("vuln/alpine-secdb/v3.11/main.yaml").toString(),
        SharedData.require("vuln/cisa-kev/known_exploited_vulnerabilities.csv").toString(),
        Fixtures.path("epss/epss_scores-2025-08-25.csv").toString(),
        Fixtures.path("feeds/nvd.json").toString());
    ok("--data", data(), "inventory", "import", Fixtures.path("alpine-3.11/web-installed").toString(), "--asset", "web01",
        "--os", "alpine:3.11");
    Path config = write("patou.yaml", """
        data: data
        exposure:
          nat:
            - public: 203.0.113.10:443/tcp
              to: web01:443
              service: https
          allow:
            - to: web01:22/tcp
        """);
    TestRoot.Result r = ok("--data", data(), "--config", config.toString(), "inventory", "exposure");
    assertThat(r.out()).contains("web01                443/tcp    via NAT 203.0.113.10:443 (config)")
        .contains("web01                22/tcp     via allow rule (config)").contains("2 exposed doors on 1 assets");
    JsonNode first = new ObjectMapper().readTree(ok("--data", data(), "patch-plan", "--format", "json").out()).get(0);
    assertThat(first.get("vulnerability").asText()).isEqualTo("CVE-2019-0211");
    assertThat(first.get("reason").asText()).isEqualTo("exposed on 443/tcp via NAT 203.0.113.10:443 (config); "
        + "in KEV since 2021-11-03; EPSS 0.97; CVSS 7.8; upgrade apache2 to 2.4.39-r0");
    // (50 + 30 x 0.97051 + 2 x 7.8) x 2.0 (exposed), criticality 3
    assertThat(first.get("score").asDouble()).isEqualTo(189.4);
    assertThat(ok("--data", data(), "inventory", "show", "web01").out())
        .contains("443/tcp    EXPOSED  https            -   [config: via NAT 203.0.113.10:443 (config)]");
    // The configuration is the whole picture: the NAT removed, its door goes; the allow rule stays.
    write("patou.yaml", """
        exposure:
          allow:
            - to: web01:22/tcp
        """);
    ok("--data", data(), "inventory", "exposure", config.toString());
    try (InventoryStore s = new InventoryStore(Path.of(data()))) {
      assertThat(s.doors("web01")).extracting(Door::label).containsExactly("22/tcp");
    }
    JsonNode after = new ObjectMapper().readTree(ok("--data", data(), "patch-plan", "--format", "json").out());
    assertThat(after).allSatisfy(e -> assertThat(e.get("reason").asText()).doesNotContain("NAT"));
    assertThat(after.get(0).get("reason").asText()).startsWith("asset exposed on 22/tcp (not through this package)");
  }

  @Test
  void malformedConfigurationNamesFileAndPositionAndImportsNothing() throws Exception {
    Path good = write("good.yaml", "exposure:\n  nat:\n    - {public: 203.0.113.10:443/tcp, to: web01}\n");
    ok("--data", data(), "inventory", "exposure", good.toString());
    Path bad = write("bad.yaml", """
        exposure:
          allow:
            - to: mail:25/tcp
          nat:
            - public: 203.0.113.10:99999/tcp
              to: web01:443
        """);
    TestRoot.Result r = TestRoot.run("--data", data(), "inventory", "exposure", bad.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(bad + ": line 5, column 15: exposure.nat[0].public: port 99999 outside 1-65535 (nothing imported)");
    // an nft file that is not JSON, after valid entries: nothing of the file is imported either
    Path broken = write("broken.json", "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}},\n {\"table\": ");
    Path withNft = write("nft.yaml", "exposure:\n  allow: [{to: 'mail:25/tcp'}]\n  nft: [broken.json]\n");
    TestRoot.Result r2 = TestRoot.run("--data", data(), "inventory", "exposure", withNft.toString());
    assertThat(r2.code()).isEqualTo(1);
    assertThat(r2.err()).contains(broken + ": line 2, column").contains("malformed JSON").contains("(nothing imported)");
    try (InventoryStore s = new InventoryStore(Path.of(data()))) {
      assertThat(s.asset("mail")).isNull();
      assertThat(s.doors("web01")).extracting(Door::label, Door::evidence)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("443/tcp", "via NAT 203.0.113.10:443 (config)"));
    }
    // more shapes, each with its position
    assertThatThrownBy(() -> ExposureConfig.read(write("k.yaml", "exposure:\n  nat:\n    - public: 1.2.3.4:80\n      too: web01\n")))
        .isInstanceOf(ParseException.class).hasMessageContaining("k.yaml: line 4, column 7: exposure.nat[0]: unknown key 'too'");
    assertThatThrownBy(() -> ExposureConfig.read(write("m.yaml", "exposure:\n  nat:\n    - public: 1.2.3.4:80\n")))
        .isInstanceOf(ParseException.class).hasMessageContaining("m.yaml: line 3, column 7: exposure.nat[0]: 'to' is missing");
    assertThatThrownBy(() -> ExposureConfig.read(write("y.yaml", "exposure:\n  nat: [\n")))
        .isInstanceOf(ParseException.class).hasMessageContaining("y.yaml: line ").hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ExposureConfig.read(write("n.yaml", "exposure:\n  local_nets: [10.0.0.0/33]\n")))
        .isInstanceOf(ParseException.class).hasMessageContaining("n.yaml: line 2, column 15: exposure.local_nets: network 10.0.0.0/33: bad prefix length");
    Path orphan = write("orphan.json", "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"nat\"}},"
        + " {\"rule\": {\"family\": \"ip\", \"table\": \"nat\", \"chain\": \"nope\", \"handle\": 3, \"expr\": []}}]}");
    TestRoot.Result r3 = TestRoot.run("--data", data(), "inventory", "import", orphan.toString(), "--asset", "fw01");
    assertThat(r3.code()).isEqualTo(1);
    assertThat(r3.err()).contains(orphan + ": nftables[1]: rule of an unknown chain ip nat nope (nothing imported)");
  }

  private static String sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " -> " + out);
    }
    return out;
  }

  private static boolean exists(String tool) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** A ruleset loaded for real by nft in a namespace made here, dumped with nft -j, read back. */
  @Test
  void nftRulesetFromARealNamespace() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "skipped: not root (nftables and netns need it)");
    assumeTrue(exists("nft") && exists("ip"), "skipped: nft or ip missing (apt-get install nftables iproute2)");
    String ns = "patou-exp-" + ProcessHandle.current().pid();
    Path rules = write("fw.nft", """
        table ip nat {
          chain prerouting {
            type nat hook prerouting priority dstnat; policy accept;
            iifname "eth0" ip daddr 203.0.113.10 tcp dport 443 dnat to 10.0.0.5:8443
            ip daddr 203.0.113.10 tcp dport { 25, 587 } dnat to 10.0.0.6
            ip daddr 203.0.113.11 udp dport 1194 counter dnat to 10.0.0.7
            iifname "eth1" tcp dport 8080 dnat to 10.0.0.99
            tcp dport 8000-8002 dnat to 10.0.0.8
            tcp dport 2222 redirect to :22
          }
        }
        table inet filter {
          set admin_nets { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.1.0/24 } }
          chain input {
            type filter hook input priority filter; policy drop;
            ct state established,related accept
            iifname "lo" accept
            ip saddr @admin_nets tcp dport 22 accept
            ip saddr 10.0.0.0/8 udp dport 161 accept
            tcp dport { 80, 443 } ct state new accept
            iifname "eth1" tcp dport 3306 accept
            jump services
          }
          chain services {
            udp dport 51820 accept
            tcp dport 9999 drop
          }
          chain forward {
            type filter hook forward priority filter; policy drop;
            ct status dnat accept
            ip daddr 10.0.0.9 tcp dport 3389 accept
            ip6 daddr 2001:db8::5 tcp dport 443 accept
            ip daddr 10.0.1.0/24 tcp dport 80 accept
          }
        }
        """);
    try {
      assumeTrue(new ProcessBuilder("ip", "netns", "add", ns).start().waitFor() == 0, "skipped: cannot create a namespace");
      sh("ip", "netns", "exec", ns, "nft", "-f", rules.toString());
      Files.writeString(tmp.resolve("ruleset.json"), sh("ip", "netns", "exec", ns, "nft", "-j", "list", "ruleset"));
    } finally {
      new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
    }
    Path config = write("patou.yaml", """
        exposure:
          nft:
            - file: ruleset.json
              host: fw01
              wan: [eth0]
        """);
    Inventory inv = ExposureConfig.read(config).inventory();
    Map<String, List<String>> doors = new TreeMap<>();
    for (Inventory.Host h : inv.hosts()) {
      String name = h.asset().name().isEmpty() ? h.asset().addresses().get(0) : h.asset().name();
      doors.put(name, h.doors().stream().map(d -> d.label() + " " + d.evidence().replaceAll("handle \\d+", "handle N")).sorted().toList());
      assertThat(h.doors()).allSatisfy(d -> assertThat(d.exposed()).isTrue());
    }
    String nat = "(nft ruleset.json: ip nat prerouting, handle N)";
    String in = "(nft ruleset.json: inet filter input, handle N)";
    String fwd = "(nft ruleset.json: inet filter forward, handle N)";
    assertThat(doors).containsExactly(
        Map.entry("10.0.0.5", List.of("8443/tcp via NAT 203.0.113.10:443 " + nat)),
        Map.entry("10.0.0.6", List.of("25/tcp via NAT 203.0.113.10:25 " + nat, "587/tcp via NAT 203.0.113.10:587 " + nat)),
        Map.entry("10.0.0.7", List.of("1194/udp via NAT 203.0.113.11:1194 " + nat)),
        Map.entry("10.0.0.8", List.of("8000/tcp via NAT any:8000 " + nat, "8001/tcp via NAT any:8001 " + nat,
            "8002/tcp via NAT any:8002 " + nat)),
        Map.entry("10.0.0.9", List.of("3389/tcp via forward rule to 10.0.0.9:3389 " + fwd)),
        Map.entry("2001:db8::5", List.of("443/tcp via forward rule to [2001:db8::5]:443 " + fwd)),
        Map.entry("fw01", List.of("22/tcp via redirect of port 2222 " + nat, "443/tcp via input rule " + in,
            "51820/udp via input rule (nft ruleset.json: inet filter input > services, handle N)", "80/tcp via input rule " + in)));
    // Through the CLI: the configuration, then the same dump given to inventory import (source nft).
    ok("--data", data(), "inventory", "exposure", config.toString());
    TestRoot.Result imp = ok("--data", data(), "inventory", "import", tmp.resolve("ruleset.json").toString(), "--asset", "fw01");
    // 13 doors as above, plus eth1's forward to 10.0.0.99 and input 3306/tcp (no wan given here)
    assertThat(imp.out()).contains("nft, 0 packages, 15 doors -> 10.0.0.9, 2001:db8::5, fw01, 10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.99, 10.0.0.8");
    String show = ok("--data", data(), "inventory", "show", "10.0.0.5").out();
    assertThat(show).contains("8443/tcp   EXPOSED  -                -  on 10.0.0.5  [config: via NAT 203.0.113.10:443 (nft ruleset.json: ip nat prerouting, handle ")
        .contains("[nft: via NAT 203.0.113.10:443 (nft ruleset.json: ip nat prerouting, handle ");
    try (InventoryStore s = new InventoryStore(Path.of(data()))) {
      // without wan: eth1's port forward counts too (any interface may face the outside)
      assertThat(s.doors("10.0.0.99")).extracting(Door::source).containsExactly("nft");
      assertThat(s.doors("fw01")).extracting(d -> d.source() + " " + d.label())
          .contains("config 22/tcp", "nft 22/tcp", "nft 3306/tcp").doesNotContain("config 3306/tcp");
    }
  }
}
