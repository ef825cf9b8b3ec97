package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.TestServer;

/** Tokens made, listed and revoked through the API; the last one can never be revoked. */
class TokensApiTest {
  @TempDir Path tmp;

  private static HttpResponse<String> call(TestServer t, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(t.uri(path)).header("Authorization", "Bearer " + token);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void createListRevokeAndNeverTheLast() throws Exception {
    Files.createDirectories(tmp.resolve("rules"));
    try (TestServer t = new TestServer(tmp.resolve("data"), tmp.resolve("rules"))) {
      HttpResponse<String> made = call(t, "POST", "/api/v1/tokens", t.token, "{\"name\":\"vector-web01\"}");
      assertThat(made.statusCode()).isEqualTo(201);
      String token = TestServer.JSON.readTree(made.body()).get("token").asText();
      assertThat(token).startsWith("patou_").isNotEqualTo(t.token);
      // the new token works, and its list never shows a token
      HttpResponse<String> list = call(t, "GET", "/api/v1/tokens", token, null);
      assertThat(list.statusCode()).isEqualTo(200);
      JsonNode l = TestServer.JSON.readTree(list.body());
      assertThat(l.get("total").asInt()).isEqualTo(2);
      assertThat(list.body()).doesNotContain(token).doesNotContain(t.token).contains("vector-web01").contains("admin");
      assertThat(call(t, "POST", "/api/v1/tokens", t.token, "{\"name\":\"vector-web01\"}").statusCode()).isEqualTo(409);
      assertThat(call(t, "POST", "/api/v1/tokens", t.token, "{\"name\":\"bad name!\"}").statusCode()).isEqualTo(400);
      assertThat(call(t, "POST", "/api/v1/tokens", t.token, "not json").statusCode()).isEqualTo(400);
      assertThat(call(t, "DELETE", "/api/v1/tokens/nobody", t.token, null).statusCode()).isEqualTo(404);
      // revoke the admin token with the new one: the admin token stops working at once
      assertThat(call(t, "DELETE", "/api/v1/tokens/admin", token, null).statusCode()).isEqualTo(200);
      assertThat(call(t, "GET", "/api/v1/tokens", t.token, null).statusCode()).isEqualTo(401);
      // the last token cannot go: that would lock everyone out
      HttpResponse<String> last = call(t, "DELETE", "/api/v1/tokens/vector-web01", token, null);
      assertThat(last.statusCode()).isEqualTo(409);
      assertThat(last.body()).contains("last token");
      assertThat(call(t, "GET", "/api/v1/tokens", token, null).statusCode()).isEqualTo(200);
    }
  }
}
