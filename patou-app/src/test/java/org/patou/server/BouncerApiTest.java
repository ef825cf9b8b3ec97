package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.respond.BouncerStore;
import org.patou.respond.DecisionStore;
import org.patou.respond.LapiDecisions;
import org.patou.testing.TestServer;

/**
 * CrowdSec's bouncer API on a real server (127.0.0.1): X-Api-Key authentication (and never the
 * Bearer token), the decision JSON, CrowdSec's filters and the per-bouncer stream state, with
 * decisions written by another connection as {@code patou decisions} does while the server runs.
 */
class BouncerApiTest {
  @TempDir Path tmp;
  TestServer t;
  Path data;
  String key;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    data = tmp.resolve("data");
    Path rules = tmp.resolve("rules");
    Files.createDirectories(rules);
    t = new TestServer(data, rules);
    try (BouncerStore b = new BouncerStore(data)) {
      key = b.add("fw", BouncerStore.newKey());
    }
  }

  @AfterEach
  void stop() throws Exception {
    t.close();
  }

  private HttpResponse<String> get(String path, String header, String value) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(t.uri(path)).GET();
    if (header != null) {
      r.header(header, value);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode bouncer(String path) throws Exception {
    return bouncer(path, key);
  }

  private JsonNode bouncer(String path, String k) throws Exception {
    HttpResponse<String> r = get(path, "X-Api-Key", k);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return TestServer.JSON.readTree(r.body());
  }

  private Decision add(String type, Scope scope, String value, String scenario, String origin, Duration left, boolean dry)
      throws Exception {
    Instant now = Instant.now();
    try (DecisionStore s = new DecisionStore(data)) {
      return s.add(new Decision(0, type, scope, value, scenario, "test", origin, now, now.plus(left), 5, 1, dry));
    }
  }

  private static List<String> values(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr != null && arr.isArray()) {
      arr.forEach(n -> out.add(n.get("value").asText()));
    }
    return out;
  }

  @Test
  void onlyABouncerKeyOpensTheBouncerRoutesAndItOpensNothingElse() throws Exception {
    for (String path : List.of("/v1/decisions", "/v1/decisions/stream", "/v1/decisions/stream?startup=true")) {
      HttpResponse<String> none = get(path, null, null);
      assertThat(none.statusCode()).as(path).isEqualTo(403);
      assertThat(none.body()).isEqualTo("{\"message\":\"access forbidden\"}");
      assertThat(get(path, "X-Api-Key", key + "x").statusCode()).as(path).isEqualTo(403);
      // The admin token is not a bouncer key.
      assertThat(get(path, "Authorization", "Bearer " + t.token).statusCode()).as(path).isEqualTo(403);
      assertThat(get(path, "X-Api-Key", t.token).statusCode()).as(path).isEqualTo(403);
    }
    // A bouncer key opens no other route, and other /v1 paths keep the Bearer check.
    for (String path : List.of("/api/v1/events", "/health", "/v1/alerts", "/v1/decisions/x")) {
      assertThat(get(path, "X-Api-Key", key).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(t.get("/api/v1/events").statusCode()).isEqualTo(200);
    try (BouncerStore b = new BouncerStore(data)) {
      b.delete("fw");
    }
    assertThat(get("/v1/decisions", "X-Api-Key", key).statusCode()).as("a deleted bouncer's key").isEqualTo(403);
  }

  @Test
  void decisionsAreNullWhenNoneThenCrowdsecShapedAndFiltered() throws Exception {
    HttpResponse<String> empty = get("/v1/decisions", "X-Api-Key", key);
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEqualTo("null");

    Decision ip = add("ban", Scope.IP, "192.0.2.7", "ssh-bf", "patou", Duration.ofHours(4), false);
    add("ban", Scope.RANGE, "198.51.100.0/24", "manual", "cli", Duration.ofHours(1), false);
    add("ban", Scope.IP, "203.0.113.9", "ssh-bf", "patou", Duration.ofHours(4), true); // dry run: not given out
    add("ban", Scope.IP, "203.0.113.10", "ssh-bf", "patou", Duration.ofMillis(-1000), false); // expired
    add("ban", Scope.USER, "root", "ssh-bf_user-enum", "patou", Duration.ofHours(4), false);

    JsonNode all = bouncer("/v1/decisions");
    assertThat(values(all)).containsExactly("192.0.2.7", "198.51.100.0/24", "root");
    JsonNode first = all.get(0);
    List<String> fields = new ArrayList<>();
    first.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyInAnyOrder("duration", "id", "origin", "scenario", "scope", "simulated", "type",
        "until", "value");
    assertThat(first.get("id").asLong()).isEqualTo(ip.id());
    assertThat(first.get("scope").asText()).isEqualTo("Ip");
    assertThat(first.get("type").asText()).isEqualTo("ban");
    assertThat(first.get("origin").asText()).isEqualTo("patou");
    assertThat(first.get("scenario").asText()).isEqualTo("ssh-bf");
    assertThat(first.get("simulated").asBoolean()).isFalse();
    assertThat(first.get("duration").asText()).matches("3h59m[0-9]{1,2}(\\.[0-9]+)?s");
    assertThat(Instant.parse(first.get("until").asText())).isEqualTo(ip.until().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(all.get(1).get("scope").asText()).isEqualTo("Range");
    assertThat(all.get(2).get("scope").asText()).isEqualTo("User");

    assertThat(values(bouncer("/v1/decisions?ip=192.0.2.7"))).containsExactly("192.0.2.7");
    // contains (the default): the range holding the address.
    assertThat(values(bouncer("/v1/decisions?ip=198.51.100.20"))).containsExactly("198.51.100.0/24");
    assertThat(bouncer("/v1/decisions?ip=198.51.100.20&contains=false").isNull()).isTrue();
    assertThat(values(bouncer("/v1/decisions?range=198.51.0.0/16&contains=false"))).containsExactly("198.51.100.0/24");
    assertThat(values(bouncer("/v1/decisions?range=198.51.100.0/24"))).containsExactly("198.51.100.0/24");
    assertThat(values(bouncer("/v1/decisions?scope=ip"))).containsExactly("192.0.2.7");
    assertThat(values(bouncer("/v1/decisions?scope=Range&value=198.51.100.0/24"))).containsExactly("198.51.100.0/24");
    assertThat(bouncer("/v1/decisions?type=captcha").isNull()).isTrue();
    assertThat(values(bouncer("/v1/decisions?origins=cli"))).containsExactly("198.51.100.0/24");
    assertThat(values(bouncer("/v1/decisions?scenarios_containing=ssh"))).containsExactly("192.0.2.7", "root");
    assertThat(values(bouncer("/v1/decisions?scenarios_not_containing=enum,manual"))).containsExactly("192.0.2.7");

    HttpResponse<String> bad = get("/v1/decisions?colour=red", "X-Api-Key", key);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("'colour' doesn't exist");
    assertThat(get("/v1/decisions?ip=300.1.1.1", "X-Api-Key", key).statusCode()).isEqualTo(400);
  }

  @Test
  void streamGivesEachBouncerWhatChangedSinceItsLastPull() throws Exception {
    Decision a = add("ban", Scope.IP, "192.0.2.7", "ssh-bf", "patou", Duration.ofHours(4), false);
    add("ban", Scope.RANGE, "198.51.100.0/24", "manual", "cli", Duration.ofHours(1), false);
    add("ban", Scope.USER, "root", "ssh-bf_user-enum", "patou", Duration.ofHours(4), false); // not in ip,range
    add("ban", Scope.IP, "203.0.113.9", "ssh-bf", "patou", Duration.ofHours(4), true); // dry run

    JsonNode start = bouncer("/v1/decisions/stream?startup=true");
    assertThat(values(start.get("new"))).containsExactly("192.0.2.7", "198.51.100.0/24");
    assertThat(start.get("deleted").isNull()).isTrue();
    JsonNode nothing = bouncer("/v1/decisions/stream?startup=false");
    assertThat(nothing.toString()).isEqualTo("{\"deleted\":null,\"new\":null}");

    add("ban", Scope.IP, "192.0.2.8", "ssh-slow-bf", "patou", Duration.ofHours(4), false);
    assertThat(values(bouncer("/v1/decisions/stream").get("new"))).containsExactly("192.0.2.8");

    // Deleted by hand: told once, with its end now.
    try (DecisionStore s = new DecisionStore(data)) {
      assertThat(s.delete(a.id(), null, Instant.now())).hasSize(1);
    }
    JsonNode del = bouncer("/v1/decisions/stream");
    assertThat(del.get("new").isNull()).isTrue();
    assertThat(values(del.get("deleted"))).containsExactly("192.0.2.7");
    assertThat(del.get("deleted").get(0).get("id").asLong()).isEqualTo(a.id());
    assertThat(del.get("deleted").get(0).get("duration").asText()).as("ends now").isEqualTo("0s");
    assertThat(bouncer("/v1/decisions/stream").toString()).isEqualTo("{\"deleted\":null,\"new\":null}");

    // Expiry: a short decision comes, then goes.
    add("ban", Scope.IP, "192.0.2.9", "ssh-bf", "patou", Duration.ofMillis(1500), false);
    assertThat(values(bouncer("/v1/decisions/stream").get("new"))).containsExactly("192.0.2.9");
    Thread.sleep(1700);
    JsonNode expired = bouncer("/v1/decisions/stream");
    assertThat(values(expired.get("deleted"))).containsExactly("192.0.2.9");
    assertThat(expired.get("deleted").get(0).get("duration").asText()).startsWith("-");

    // A value still covered by another active decision is not deleted from the bouncer.
    Decision shortOne = add("ban", Scope.IP, "192.0.2.10", "ssh-bf", "patou", Duration.ofMillis(1500), false);
    add("ban", Scope.IP, "192.0.2.10", "ssh-slow-bf", "patou", Duration.ofHours(4), false);
    assertThat(values(bouncer("/v1/decisions/stream").get("new"))).containsExactly("192.0.2.10", "192.0.2.10");
    Thread.sleep(1700);
    assertThat(shortOne.until()).isBefore(Instant.now());
    assertThat(bouncer("/v1/decisions/stream").toString()).isEqualTo("{\"deleted\":null,\"new\":null}");

    // Another bouncer has its own state: everything is new to it.
    String other;
    try (BouncerStore b = new BouncerStore(data)) {
      other = b.add("nginx", BouncerStore.newKey());
    }
    assertThat(values(bouncer("/v1/decisions/stream", other).get("new")))
        .containsExactly("198.51.100.0/24", "192.0.2.8", "192.0.2.10");
    // Scopes asked for by name; a restart (startup=true) gets every active decision again.
    assertThat(values(bouncer("/v1/decisions/stream?startup=true&scopes=user").get("new"))).containsExactly("root");
    assertThat(values(bouncer("/v1/decisions/stream?startup=true&origins=cli&scenarios_containing=").get("new")))
        .containsExactly("198.51.100.0/24");
    assertThat(get("/v1/decisions/stream?colour=red", "X-Api-Key", key).statusCode()).isEqualTo(400);

    try (BouncerStore b = new BouncerStore(data)) {
      BouncerStore.Bouncer fw = b.find("fw");
      assertThat(fw.lastPull()).isNotNull();
      assertThat(fw.address()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void goDurationsAsTimeDurationStringWritesThem() {
    assertThat(LapiDecisions.goDuration(Duration.ofHours(4))).isEqualTo("4h0m0s");
    assertThat(LapiDecisions.goDuration(Duration.ofSeconds(4 * 3600 - 2))).isEqualTo("3h59m58s");
    assertThat(LapiDecisions.goDuration(Duration.ofMillis(61_500))).isEqualTo("1m1.5s");
    assertThat(LapiDecisions.goDuration(Duration.ofMillis(59_050))).isEqualTo("59.05s");
    assertThat(LapiDecisions.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(LapiDecisions.goDuration(Duration.ofMillis(-2000))).isEqualTo("-2s");
    assertThat(LapiDecisions.goDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(LapiDecisions.goDuration(Duration.ofDays(7))).isEqualTo("168h0m0s");
  }
}
