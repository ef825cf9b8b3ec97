package org.patou.cli.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.respond.Commands;
import org.patou.testing.Cli;
import org.patou.testkit.SharedData;

class EgressCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> lines(Cli r, String kind) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : r.out().lines().toList()) {
      JsonNode n = JSON.readTree(l);
      if (kind.equals(n.path("kind").asText())) {
        out.add(n);
      }
    }
    return out;
  }

  /** awk over the TSV: "sum count" of orig_bytes of the host's connections to outside (prefix). */
  private static long[] awk(Path file, String host, String destination, String internalPrefix) throws Exception {
    String prog = "!/^#/ && $3 == h && (d == \"\" ? index($5, p) != 1 : $5 == d) {s += ($10 == \"-\" ? 0 : $10); n++}"
        + " END {print s + 0, n + 0}";
    Commands.Result r = Commands.run(List.of("awk", "-F\t", "-v", "h=" + host, "-v", "d=" + destination, "-v",
        "p=" + internalPrefix, prog, file.toString()), null, Map.of(), 30);
    assertThat(r.exit()).as(r.output()).isZero();
    String[] v = r.output().strip().split(" ");
    return new long[] {Long.parseLong(v[0]), Long.parseLong(v[1])};
  }

  @Test
  void viewTotalsEqualAStraightSumOverRealZeekData() throws Exception {
    Path conn = SharedData.require("zeek/stratosphere/008-zeek-mixed/data/conn.log.labeled");
    Cli r = Cli.run("egress", conn.toString(), "--internal", "147.32.0.0/16", "--format", "jsonl", "--keep-buckets", "1000");
    assertThat(r.code()).as(r.toString()).isZero();
    List<JsonNode> hosts = lines(r, "host");
    assertThat(hosts).extracting(h -> h.get("host").asText()).containsExactly("147.32.81.167");
    JsonNode h = hosts.get(0);
    long[] expected = awk(conn, "147.32.81.167", "", "147.32.");
    assertThat(expected[0]).isGreaterThan(1_000_000); // the sum is not trivially 0
    assertThat(h.get("bytes").asLong()).isEqualTo(expected[0]);
    assertThat(h.get("flows").asLong()).isEqualTo(expected[1]);
    // Per destination and per (destination, hour): the parts add up to the same totals.
    List<JsonNode> dests = lines(r, "destination");
    assertThat(dests).hasSize(h.get("destinations").asInt());
    assertThat(dests.stream().mapToLong(d -> d.get("bytes").asLong()).sum()).isEqualTo(expected[0]);
    assertThat(lines(r, "bytes").stream().mapToLong(d -> d.get("bytes").asLong()).sum()).isEqualTo(expected[0]);
    JsonNode top = dests.get(0);
    long[] pair = awk(conn, "147.32.81.167", top.get("destination").asText(), "");
    assertThat(top.get("bytes").asLong()).isEqualTo(pair[0]);
    assertThat(top.get("flows").asLong()).isEqualTo(pair[1]);
    assertThat(h.get("samples").asInt()).isGreaterThan(20); // a day of hourly transfers: a baseline
    assertThat(r.err()).contains("egress: 5663 records, " + expected[1] + " flows leaving");
  }

  @Test
  void realUploadToANewDestinationIsFlaggedAndWouldBeBlocked() throws Exception {
    // A VPN client (10.8.0.61) of a malware capture sends 19 MB to an address it never used, within an hour.
    Path conn = SharedData.require("zeek/stratosphere/003-zeek-scenario-malicious/conn.log");
    Cli r = Cli.run("egress", conn.toString(), "--format", "jsonl", "--block");
    assertThat(r.code()).as(r.toString()).isZero();
    List<JsonNode> ts = lines(r, "transfer");
    assertThat(ts).hasSize(1);
    assertThat(ts.get(0).get("host").asText()).isEqualTo("10.8.0.61");
    assertThat(ts.get(0).get("destination").asText()).isEqualTo("147.32.83.234");
    assertThat(ts.get(0).get("rule").asText()).isEqualTo("baseline");
    assertThat(ts.get(0).get("bytes").asLong()).isGreaterThan(ts.get(0).get("threshold").asLong());
    List<JsonNode> ds = lines(r, "decision");
    assertThat(ds).hasSize(1);
    assertThat(ds.get(0).get("scope").asText()).isEqualTo("egress");
    assertThat(ds.get(0).get("value").asText()).isEqualTo("10.8.0.61->147.32.83.234");
    assertThat(ds.get(0).get("dry_run").asBoolean()).isTrue();
    assertThat(ds.get(0).get("duration").asText()).isEqualTo("4h");
    // Without --block: the transfer, no decision. With the destination allowlisted: no decision, said so.
    assertThat(lines(Cli.run("egress", conn.toString(), "--format", "jsonl"), "decision")).isEmpty();
    Cli allowed = Cli.run("egress", conn.toString(), "--format", "jsonl", "--block", "--allowlist", "147.32.0.0/16");
    assertThat(lines(allowed, "decision")).isEmpty();
    assertThat(allowed.err()).contains("allowlisted, no decision: egress 10.8.0.61->147.32.83.234 (entry 147.32.0.0/16)");
    Cli text = Cli.run("egress", conn.toString(), "--block", "--top", "2");
    assertThat(text.out()).contains("transfer 2020-08-07T09:36:27.270Z 10.8.0.61 -> 147.32.83.234 bytes=")
        .contains("decision ").contains("host 10.8.0.61 bytes=");
  }

  @Test
  void firewallLogLinesAndBadInput(@TempDir Path dir) throws Exception {
    Path fw = dir.resolve("kern.log");
    Files.writeString(fw, String.join("\n",
        "Nov 26 10:00:01 gw kernel: [1.0] patou-out: IN=eth1 OUT=eth0 SRC=192.168.1.20 DST=203.0.113.9 LEN=1500 TTL=63 PROTO=TCP SPT=40000 DPT=443",
        "Nov 26 10:00:02 gw kernel: [1.1] patou-out: IN=eth1 OUT=eth0 SRC=192.168.1.20 DST=203.0.113.9 LEN=700 TTL=63 PROTO=TCP SPT=40000 DPT=443",
        "Nov 26 10:00:03 gw kernel: [1.2] patou-in: IN=eth0 OUT=eth1 SRC=203.0.113.9 DST=192.168.1.20 LEN=52 TTL=63 PROTO=TCP SPT=443 DPT=40000",
        "Nov 26 10:00:04 gw sshd[1]: Accepted publickey for bob from 192.168.1.3 port 5000 ssh2", ""), StandardCharsets.UTF_8);
    Cli r = Cli.run("egress", fw.toString(), "--format", "jsonl", "--year", "2026");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode d = lines(r, "destination").get(0);
    assertThat(d.get("host").asText()).isEqualTo("192.168.1.20");
    assertThat(d.get("destination").asText()).isEqualTo("203.0.113.9");
    assertThat(d.get("bytes").asLong()).isEqualTo(2200);
    assertThat(d.get("first").asText()).isEqualTo("2026-11-26T10:00:01Z");
    assertThat(r.err()).contains("3 records, 2 flows leaving, 1 ignored");

    Path bad = dir.resolve("conn.log");
    Files.writeString(bad, "#separator \\x09\n#fields\tts\tid.orig_h\tid.resp_h\torig_bytes\n1.5\t10.0.0.1\t203.0.113.1\tmany\n",
        StandardCharsets.UTF_8);
    Cli b = Cli.run("egress", bad.toString());
    assertThat(b.code()).isEqualTo(1);
    assertThat(b.err()).contains(bad + ":3: orig_bytes: not a count: 'many'");
    assertThat(Cli.run("egress", bad.toString(), "--format", "xml").code()).isEqualTo(2);
    assertThat(Cli.run("egress", bad.toString(), "--internal", "10.0.0.0/40").err()).contains("not an address or network: '10.0.0.0/40'");
  }

  @Test
  void egressDecisionsByHandAreCheckedStoredAndListed(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("patou.yaml");
    Files.writeString(config, "allowlist: [192.0.2.0/24]\nprevent:\n  dry_run: true\n  auto_allowlist: false\n",
        StandardCharsets.UTF_8);
    Cli add = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "add", "--scope", "egress",
        "--value", "10.0.0.5->203.0.113.9", "--duration", "1h");
    assertThat(add.code()).as(add.toString()).isZero();
    assertThat(add.out()).contains("\"scope\":\"egress\"").contains("\"value\":\"10.0.0.5->203.0.113.9\"");
    Cli refused = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "add", "--scope", "egress",
        "--value", "10.0.0.5->192.0.2.7");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("is allowlisted (192.0.2.0/24)");
    Cli bad = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "add", "--scope", "egress",
        "--value", "10.0.0.5->2001:db8::1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("scope egress needs --type ban and a value SRC->DST");
    Cli list = Cli.run("--data", data.toString(), "--config", config.toString(), "decisions", "list", "--format", "jsonl");
    assertThat(list.out().lines()).hasSize(1);
    assertThat(list.out()).contains("10.0.0.5->203.0.113.9");
  }
}
