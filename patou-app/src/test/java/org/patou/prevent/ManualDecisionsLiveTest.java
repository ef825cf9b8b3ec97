package org.patou.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Allowlist;

/** A decision made and lifted through the API reaches the running server's enforcers at once. */
class ManualDecisionsLiveTest {
  @TempDir Path data;

  @Test
  void apiDecisionsAreAppliedAndLiftedByTheLiveEnforcers() throws Exception {
    RecordingEnforcer rec = new RecordingEnforcer();
    try (LiveServer live = new LiveServer(data, List.of(rec), Allowlist.of(List.of("192.0.2.0/24")), 10_000)) {
      String token = Files.readString(data.resolve("token"), StandardCharsets.UTF_8).strip();
      String base = "http://127.0.0.1:" + live.server.httpAddress().getPort();
      HttpClient c = HttpClient.newHttpClient();
      HttpResponse<String> made = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"198.51.100.77\",\"duration\":\"1h\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      assertThat(live.prevention.enforcement().awaitIdle(30_000)).isTrue();
      assertThat(rec.applied).extracting(org.patou.decide.Decision::value).containsExactly("198.51.100.77");
      // the server's allowlist holds for decisions by hand too
      HttpResponse<String> refused = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions"))
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"192.0.2.9\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(409);
      long id = org.patou.testing.TestServer.JSON.readTree(made.body()).get("id").asLong();
      HttpResponse<String> gone = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/decisions/" + id))
          .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(gone.statusCode()).isEqualTo(200);
      assertThat(live.prevention.enforcement().awaitIdle(30_000)).isTrue();
      assertThat(rec.removed).extracting(org.patou.decide.Decision::value).containsExactly("198.51.100.77");
      assertThat(rec.applied).hasSize(1);
    }
  }
}
