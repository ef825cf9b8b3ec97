package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.respond.DecisionStore;
import org.patou.testing.TestServer;

/** Decisions by hand through the API: made, listed, lifted; never on the caller's own address. */
class DecisionsApiTest {
  @TempDir Path tmp;

  private static HttpResponse<String> call(TestServer t, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(path)).header("Authorization", "Bearer " + t.token);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void addListDeleteAndTheAdministratorIsNeverBanned() throws Exception {
    Files.createDirectories(tmp.resolve("rules"));
    try (TestServer t = new TestServer(tmp.resolve("data"), tmp.resolve("rules"))) {
      HttpResponse<String> made = call(t, "POST", "/api/v1/decisions",
          "{\"value\":\"203.0.113.5\",\"duration\":\"2h\",\"reason\":\"seen in the firewall logs\"}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      JsonNode d = TestServer.JSON.readTree(made.body());
      assertThat(d.get("value").asText()).isEqualTo("203.0.113.5");
      assertThat(d.get("type").asText()).isEqualTo("ban");
      // the caller's own address (127.0.0.1 here) is allowlisted: refused and recorded
      HttpResponse<String> self = call(t, "POST", "/api/v1/decisions", "{\"value\":\"127.0.0.1\"}");
      assertThat(self.statusCode()).isEqualTo(409);
      assertThat(self.body()).contains("allowlisted");
      assertThat(call(t, "POST", "/api/v1/decisions", "{\"value\":\"10.0.0.0/8\",\"type\":\"drop\"}").statusCode()).isEqualTo(400);
      assertThat(call(t, "POST", "/api/v1/decisions", "{}").statusCode()).isEqualTo(400);
      JsonNode list = TestServer.JSON.readTree(call(t, "GET", "/api/v1/decisions", null).body());
      assertThat(list.get("total").asInt()).isEqualTo(1);
      long id = list.get("decisions").get(0).get("id").asLong();
      // the CLI's store holds it too
      try (DecisionStore s = new DecisionStore(tmp.resolve("data"))) {
        assertThat(s.active(Instant.now())).extracting(org.patou.decide.Decision::value).containsExactly("203.0.113.5");
        assertThat(s.refusals()).isEqualTo(1);
      }
      assertThat(call(t, "DELETE", "/api/v1/decisions/" + id, null).statusCode()).isEqualTo(200);
      assertThat(call(t, "DELETE", "/api/v1/decisions/" + id, null).statusCode()).isEqualTo(404);
      assertThat(TestServer.JSON.readTree(call(t, "GET", "/api/v1/decisions", null).body()).get("total").asInt()).isZero();
      assertThat(TestServer.JSON.readTree(call(t, "GET", "/api/v1/decisions?all=true", null).body()).get("total").asInt()).isEqualTo(1);
    }
  }
}
