package org.patou.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.inventory.Fixtures;
import org.patou.inventory.InventoryStore;
import org.patou.testkit.SharedData;

/** End to end through the commands: feeds, inventory, doors, the scored and explained plan. */
class PatchPlanCliTest {
  @TempDir Path tmp;

  TestRoot.Result ok(String... args) {
    TestRoot.Result r = TestRoot.run(args);
    assertThat(r.code()).as("%s%n%s", r.out(), r.err()).isZero();
    return r;
  }

  String data() {
    return tmp.resolve("data").toString();
  }

  void setUpWeb01() throws Exception {
    Path doors = tmp.resolve("doors.txt");
    Files.writeString(doors, "# patou doors\n# asset port/proto service\nweb01 443/tcp https\n", java.nio.charset.StandardCharsets.UTF_8);
    TestRoot.Result f = ok("--data", data(), "feeds", "import",
        SharedData.require("vuln/alpine-secdb/v3.11/main.yaml").toString(),
        SharedData.require("vuln/cisa-kev/known_exploited_vulnerabilities.csv").toString(),
        Fixtures.path("epss/epss_scores-2025-08-25.csv").toString(),
        Fixtures.path("feeds/nvd.json").toString());
    assertThat(f.out()).contains("cisa-kev (kev), 1404 records").contains("epss (epss), 8 records")
        .contains("alpine-secdb:alpine:3.11/main (advisories)");
    // --data after the subcommand works too (inherited option)
    ok("inventory", "import", Fixtures.path("alpine-3.11/web-installed").toString(), "--asset", "web01",
        "--os", "alpine:3.11", "--data", data());
    ok("--data", data(), "inventory", "import", Fixtures.path("alpine-3.11/below-installed").toString(),
        "--asset", "Backoffice", "--os", "alpine:3.11.6");
    ok("--data", data(), "inventory", "import", doors.toString());
    ok("--data", data(), "inventory", "set", "web01", "--criticality", "5", "--owner", "mairie", "--role", "web server");
  }

  @Test
  void kevExposedCriticalComesFirstAndExplainsItself() throws Exception {
    setUpWeb01();
    TestRoot.Result r = ok("--data", data(), "patch-plan", "--format", "json");
    JsonNode plan = new ObjectMapper().readTree(r.out());
    JsonNode first = plan.get(0);
    assertThat(first.get("asset").asText()).isEqualTo("web01");
    assertThat(first.get("package").asText()).isEqualTo("apache2");
    assertThat(first.get("installed").asText()).isEqualTo("2.4.38-r0");
    assertThat(first.get("fixed").asText()).isEqualTo("2.4.39-r0");
    assertThat(first.get("vulnerability").asText()).isEqualTo("CVE-2019-0211");
    assertThat(first.get("kev").asBoolean()).isTrue();
    assertThat(first.get("epss").asDouble()).isEqualTo(0.97051);
    // (50 + 30 x 0.97051 + 2 x 7.8) x 2.0 (exposed) x 5/3 (criticality 5)
    assertThat(first.get("score").asDouble()).isEqualTo(315.7);
    assertThat(first.get("reason").asText()).isEqualTo(
        "exposed on 443/tcp; in KEV since 2021-11-03; EPSS 0.97; CVSS 7.8; criticality 5/5; upgrade apache2 to 2.4.39-r0");
    // web01's libssl1.1 (origin openssl) is served through the TLS door too
    assertThat(plan).anySatisfy(e -> {
      assertThat(e.get("package").asText()).isEqualTo("libssl1.1");
      assertThat(e.get("vulnerability").asText()).isEqualTo("CVE-2019-1551");
      assertThat(e.get("reason").asText()).startsWith("exposed on 443/tcp; EPSS 0.01; CVSS unknown (counted as 5.0)");
    });
    // Backoffice: not exposed, default criticality; every finding carries the required fields
    for (JsonNode e : plan) {
      for (String field : new String[] {"asset", "package", "installed", "fixed", "vulnerability", "kev", "epss", "score", "reason"}) {
        assertThat(e.has(field)).as(field).isTrue();
      }
    }
    double prev = Double.MAX_VALUE;
    for (JsonNode e : plan) {
      assertThat(e.get("score").asDouble()).isLessThanOrEqualTo(prev);
      prev = e.get("score").asDouble();
    }
    assertThat(plan.size()).isEqualTo(10 + 13); // Backoffice's 10 + web01's 12 apache2 and 1 libssl1.1

    String text = ok("--data", data(), "patch-plan").out();
    assertThat(text).startsWith("THIS WEEK\n 1. web01: apache2 2.4.38-r0 -> 2.4.41-r0  (score 315.7, 12 vulnerabilities)")
        .doesNotContain("2.4.38-r0 -> 2.4.39-r0");
    String csv = ok("--data", data(), "patch-plan", "--format", "csv", "--asset", "web01").out();
    assertThat(csv.split("\r\n")).hasSize(14);
    assertThat(csv).startsWith("rank,this_week,asset,package,installed,fixed,vulnerability,kev,")
        .contains("1,true,web01,apache2,2.4.38-r0,2.4.39-r0,CVE-2019-0211,true,2021-11-03,0.97051,7.8,443/tcp,5,false,315.7,");
  }

  @Test
  void attackActivityRaisesTheScore() throws Exception {
    setUpWeb01();
    try (InventoryStore s = new InventoryStore(Path.of(data()))) {
      s.recordAttack("web01", Instant.now(), "ssh brute force from 203.0.113.9");
    }
    JsonNode first = new ObjectMapper().readTree(ok("--data", data(), "patch-plan", "--format", "json").out()).get(0);
    assertThat(first.get("score").asDouble()).isEqualTo(473.6);
    assertThat(first.get("reason").asText()).contains("attack activity seen against this asset");
  }

  @Test
  void failedFeedImportKeepsThePreviousFeedAndNamesTheRecord() throws Exception {
    setUpWeb01();
    TestRoot.Result bad = TestRoot.run("--data", data(), "feeds", "import",
        Fixtures.path("epss/epss_scores-2025-08-25.csv").toString(), Fixtures.path("feeds/kev-malformed.csv").toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("kev-malformed.csv: line 3").contains("nothing imported; previous feeds kept");
    try (InventoryStore s = new InventoryStore(Path.of(data()))) {
      assertThat(s.count("vuln_kev")).isEqualTo(1404);
      assertThat(s.kevDate("CVE-2019-0211")).isEqualTo("2021-11-03");
      assertThat(s.count("vuln_finding")).isEqualTo(23);
    }
    assertThat(Path.of(data()).resolve("patou.mv.db")).exists();
  }

  @Test
  void listShowAndFeeds() throws Exception {
    setUpWeb01();
    String list = ok("--data", data(), "inventory", "list").out();
    assertThat(list).contains("web01").contains("alpine:3.11").contains("443/tcp").contains("Backoffice");
    String show = ok("--data", data(), "inventory", "show", "WEB01").out();
    assertThat(show).contains("owner:       mairie").contains("criticality: 5/5")
        .contains("443/tcp    EXPOSED  https").contains("apache2").contains("CVE-2019-0211");
    assertThat(ok("--data", data(), "feeds").out()).contains("cisa-kev").contains("epss").contains("nvd:nvd.json");
    assertThat(ok("--data", data(), "feeds", "update", "--dry-run").out())
        .contains("known_exploited_vulnerabilities.json").contains("https://secdb.alpinelinux.org/v3.11/main.json");
    TestRoot.Result missing = TestRoot.run("--data", data(), "inventory", "show", "nope");
    assertThat(missing.code()).isEqualTo(1);
    TestRoot.Result noOs = TestRoot.run("--data", data(), "inventory", "import",
        Fixtures.path("alpine-3.11/web-installed").toString(), "--asset", "other");
    assertThat(noOs.code()).isEqualTo(1);
    assertThat(noOs.err()).contains("--os ID:VERSION");
    // several files, the last malformed: nothing of the first is imported
    TestRoot.Result half = TestRoot.run("--data", data(), "inventory", "import",
        Fixtures.path("alpine-3.11/at-fixed-installed").toString(), Fixtures.path("packages/dpkg-status-malformed").toString(),
        "--asset", "half", "--os", "alpine:3.11");
    assertThat(half.code()).isEqualTo(1);
    assertThat(half.err()).contains("dpkg-status-malformed: line 5 (broken)").contains("nothing imported");
    // a store-time error on the second file also leaves the first out (one transaction)
    TestRoot.Result noOs2 = TestRoot.run("--data", data(), "inventory", "import",
        Fixtures.path("sbom/spdx.json").toString(), Fixtures.path("alpine-3.11/web-installed").toString(), "--asset", "half");
    assertThat(noOs2.code()).isEqualTo(1);
    try (InventoryStore s = new InventoryStore(Path.of(data()))) {
      assertThat(s.asset("half")).isNull();
      assertThat(s.asset("other")).isNull();
    }
  }

  @Test
  void theServerGivesTheSamePlanThroughTheApi() throws Exception {
    setUpWeb01();
    TestRoot.Result cli = ok("--data", data(), "patch-plan", "--format", "json");
    Path rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    try (var in = PatchPlanCliTest.class.getResourceAsStream("/rules/linux/sshd_invalid_user.yml")) {
      Files.write(rules.resolve("sshd_invalid_user.yml"), in.readAllBytes());
    }
    try (org.patou.testing.TestServer t = new org.patou.testing.TestServer(tmp.resolve("data"), rules)) {
      var r = t.get("/api/v1/patch-plan");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      ObjectMapper m = new ObjectMapper();
      // Same findings, same order and scores (the reasons may differ only in "now"-relative words).
      JsonNode api = m.readTree(r.body());
      JsonNode expected = m.readTree(cli.out());
      assertThat(api.size()).isEqualTo(expected.size()).isPositive();
      for (int k = 0; k < api.size(); k++) {
        assertThat(api.get(k).get("vulnerability")).isEqualTo(expected.get(k).get("vulnerability"));
        assertThat(api.get(k).get("score")).isEqualTo(expected.get(k).get("score"));
      }
      assertThat(t.get("/api/v1/patch-plan?asset=web01").statusCode()).isEqualTo(200);
      assertThat(t.get("/api/v1/patch-plan?asset=nosuch").statusCode()).isEqualTo(404);
      assertThat(t.get("/api/v1/patch-plan?week=zero").statusCode()).isEqualTo(400);
      // While the server runs, the inventory can still be written (the API does not hold the database).
      ok("--data", data(), "inventory", "set", "web01", "--criticality", "4");
      assertThat(api.get(0).get("attacked").asBoolean()).isFalse();
      // An alert against web01 (an sshd invalid user, over syslog) raises web01's findings.
      String line = "<38>1 " + java.time.Instant.now() + " web01 sshd 4242 - - Invalid user admin from 203.0.113.9 port 4711\n";
      t.tcp(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      JsonNode after = null;
      for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
        after = m.readTree(t.get("/api/v1/patch-plan?asset=web01").body());
        if (after.get(0).get("attacked").asBoolean()) {
          break;
        }
      }
      assertThat(after.get(0).get("attacked").asBoolean()).as(t.log.toString()).isTrue();
      assertThat(after.get(0).get("score").asDouble()).isGreaterThan(api.get(0).get("score").asDouble() * 0.8 * 1.4);
      assertThat(after.get(0).get("reason").asText()).contains("attack");
    }
  }
}
