package org.patou.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.TestServer;

/** The console's pages on a live server: sign-in, the overview, search, an alert, and escaping. */
class WebUiTest {
  @TempDir static Path tmp;
  static TestServer t;

  @BeforeAll
  static void start() throws Exception {
    Path rules = tmp.resolve("rules");
    java.nio.file.Files.createDirectories(rules);
    java.nio.file.Files.writeString(rules.resolve("sshd_invalid.yml"), """
        title: SSH invalid user <b>probe</b>
        id: 7f0c2c8e-1111-4b5e-9a56-000000000001
        status: test
        logsource: {product: linux, service: sshd}
        detection:
          sel: {message|contains: 'Invalid user'}
          condition: sel
        level: medium
        """);
    t = new TestServer(tmp.resolve("data"), rules);
    t.tcp(("<38>1 2026-11-26T10:00:00Z web01 sshd 77 - - Invalid user <script>alert(1)</script> from 203.0.113.9 port 4000\n"
        + "<38>1 2026-11-26T10:00:01Z web01 sshd 77 - - Accepted publickey for alice from 192.0.2.10 port 50022 ssh2\n")
        .getBytes(StandardCharsets.UTF_8));
    t.idle();
  }

  @AfterAll
  static void stop() throws Exception {
    t.close();
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  private static HttpResponse<String> get(HttpClient c, String path) throws Exception {
    return c.send(HttpRequest.newBuilder(t.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> signIn(HttpClient c, String token) throws Exception {
    return c.send(HttpRequest.newBuilder(t.uri("/ui/login")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pagesNeedASignInAndABadTokenIsRefused() throws Exception {
    HttpClient c = HttpClient.newHttpClient(); // no redirects followed
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(t.uri("/ui")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/ui/login");
    assertThat(c.send(HttpRequest.newBuilder(t.uri("/ui/events?q=*")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);
    HttpClient b = browser();
    HttpResponse<String> bad = signIn(b, "patou_not-a-token");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("Unknown token");
    // the API still wants its bearer header, a session cookie does not open it
    assertThat(get(b, "/api/v1/alerts").statusCode()).isEqualTo(401);
  }

  @Test
  void overviewShowsCountersChartAndEscapedAlerts() throws Exception {
    HttpClient b = browser();
    HttpResponse<String> home = signIn(b, t.token);
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.uri().getPath()).isEqualTo("/ui");
    assertThat(home.body()).contains("Recent alerts").contains("<svg class=chart").contains("2 in all")
        .contains("SSH invalid user &lt;b&gt;probe&lt;/b&gt;").doesNotContain("<b>probe</b>")
        .contains("events processed since start");
    assertThat(home.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    HttpResponse<String> ten = get(b, "/ui?window=10m");
    assertThat(ten.body()).contains("last 10 minutes");
  }

  @Test
  void searchAndAlertPagesShowTheEventsEscaped() throws Exception {
    HttpClient b = browser();
    signIn(b, t.token);
    HttpResponse<String> s = get(b, "/ui/events?q=" + URLEncoder.encode("source.ip:203.0.113.9", StandardCharsets.UTF_8));
    assertThat(s.statusCode()).isEqualTo(200);
    assertThat(s.body()).contains("1 events").contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    HttpResponse<String> bad = get(b, "/ui/events?q=" + URLEncoder.encode("a:(", StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("bad query");
    long id = t.alerts("").get("alerts").get(0).get("id").asLong();
    HttpResponse<String> a = get(b, "/ui/alerts/" + id);
    assertThat(a.statusCode()).isEqualTo(200);
    assertThat(a.body()).contains("Its events").contains("203.0.113.9").contains("&lt;script&gt;");
    assertThat(get(b, "/ui/alerts/999999").statusCode()).isEqualTo(404);
  }

  @Test
  void aOneTimeLinkSignsInOnceAndSignOutEndsTheSession() throws Exception {
    String code = t.server.webSessions().oneTimeCode();
    HttpClient b = browser();
    HttpResponse<String> first = get(b, "/ui/login?code=" + code);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("Recent alerts");
    HttpResponse<String> again = get(browser(), "/ui/login?code=" + code);
    assertThat(again.statusCode()).isEqualTo(401);
    b.send(HttpRequest.newBuilder(t.uri("/ui/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> after = get(b, "/ui");
    assertThat(after.uri().getPath()).isEqualTo("/ui/login");
  }

  @Test
  void sessionsExpireWhenIdle() {
    long[] now = {1_000};
    Sessions s = new Sessions(() -> now[0]);
    String id = s.open();
    assertThat(s.check(id)).isTrue();
    now[0] += Sessions.IDLE_MS + 1;
    assertThat(s.check(id)).isFalse();
    String code = s.oneTimeCode();
    now[0] += Sessions.CODE_MS + 1;
    assertThat(s.redeem(code)).isFalse();
    assertThat(s.check(null)).isFalse();
    assertThat(URI.create("/ui").getPath()).isEqualTo(WebUi.PREFIX);
  }
}
