package org.patou.parse.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;

class AccessLogParserTest {
  private final AccessLogParser p = new AccessLogParser();

  @Test
  void combined() {
    Event e = p.parse("81.150.104.130 - bob [15/Sep/2021:16:13:46 +0200] \"POST /wp-login.php?x=1 HTTP/1.1\" 200 5364 \"https://ref/\" \"Mozilla/5.0 (X11)\"");
    assertThat(e.get("source.ip")).isEqualTo("81.150.104.130");
    assertThat(e.get("user.name")).isEqualTo("bob");
    assertThat(e.get("@timestamp")).isEqualTo("2021-09-15T14:13:46Z");
    assertThat(e.get("http.request.method")).isEqualTo("POST");
    assertThat(e.get("url.original")).isEqualTo("/wp-login.php?x=1");
    assertThat(e.get("url.path")).isEqualTo("/wp-login.php");
    assertThat(e.get("url.query")).isEqualTo("x=1");
    assertThat(e.get("http.version")).isEqualTo("1.1");
    assertThat(e.get("http.response.status_code")).isEqualTo(200L);
    assertThat(e.get("http.response.body.bytes")).isEqualTo(5364L);
    assertThat(e.get("http.request.referrer")).isEqualTo("https://ref/");
    assertThat(e.get("user_agent.original")).isEqualTo("Mozilla/5.0 (X11)");
    assertThat(e.get("event.original")).asString().startsWith("81.150.104.130 - bob");
  }

  @Test
  void commonVhostSyslogIpv6AndMalformed() {
    Event common = p.parse("116.203.1.1 - - [05/Mar/2021:09:01:38 +0100] \"GET /a HTTP/1.0\" 200 1513");
    assertThat(common.get("url.original")).isEqualTo("/a");
    assertThat(common.has("user_agent.original")).isFalse();

    Event vhost = p.parse("website.com:443 1.2.3.4 - - [25/Oct/2021:11:05:52 +0200] \"GET /x HTTP/1.1\" 403 6963 \"abc.com\" \"UA\"");
    assertThat(vhost.get("source.ip")).isEqualTo("1.2.3.4");
    assertThat(vhost.get("destination.domain")).isEqualTo("website.com:443");

    Event syslog = p.parse("Jul  8 11:07:07 host nginx[2869]: 167.71.13.196 - - [08/Jul/2021:11:07:07 +0000] \"GET /wp-config.php HTTP/1.1\" 200 5 \"-\" \"Go\"");
    assertThat(syslog.get("source.ip")).isEqualTo("167.71.13.196");
    assertThat(syslog.get("event.original")).asString().startsWith("Jul  8");

    Event v6 = p.parse("::1 - - [02/Dec/2021:11:53:15 +0000] \"GET / HTTP/2.0\" 200 1 \"-\" \"-\" \"-\"");
    assertThat(v6.get("source.ip")).isEqualTo("::1");
    assertThat(v6.get("http.version")).isEqualTo("2.0");

    Event tls = p.parse("1.2.3.4 - - [17/Oct/2023:05:57:49 +1100] \"\\x16\\x03\\x01\\x01 \\x02\" 400 226 \"-\" \"-\"");
    assertThat(tls.has("http.request.method")).isFalse();
    assertThat(tls.get("url.original")).isEqualTo("\\x16\\x03\\x01\\x01 \\x02");
    assertThat(tls.get("http.response.status_code")).isEqualTo(400L);
  }

  @Test
  void readsLinesBehindEitherSyslogHeaderAndTakesTheHost() {
    String body = "203.0.113.66 - - [12/Jul/2020:03:41:15 +0000] \"GET /?q=${jndi:ldap://x/a} HTTP/1.1\" 200 5120 \"-\" \"curl/8\"";
    for (String line : new String[] {
        "<190>1 2020-07-12T03:41:15Z web01 nginx - - - " + body,
        "<190>1 2020-07-12T03:41:15Z web01 nginx 12 ID7 [exampleSDID@32473 iut=\"3\" eventSource=\"a ] b\"] " + body,
        "<190>Jul 12 03:41:15 web01 nginx: " + body,
        "Jul  2 03:41:15 web01 nginx[12]: " + body}) {
      var e = p.parse(line);
      assertThat(e).as(line).isNotNull();
      assertThat(e.get("host.name")).as(line).isEqualTo("web01");
      assertThat(e.get("source.ip")).as(line).isEqualTo("203.0.113.66");
      assertThat(e.get("event.original")).as(line).isEqualTo(line);
    }
    assertThat(p.parse("<190>1 2020-07-12T03:41:15Z web01 nginx - - [unclosed " + body)).isNull();
    assertThat(p.parse("<190>1 2020-07-12T03:41:15Z - nginx - - - " + body).get("host.name")).isNull();
  }

  @Test
  void notAnAccessLogLineIsNull() {
    assertThat(p.parse("")).isNull();
    assertThat(p.parse("hello world")).isNull();
    assertThat(p.parse("Feb 12 14:10:21 sd sshd[1]: Invalid user a from 1.2.3.4 port 5")).isNull();
    assertThat(p.parse("1.2.3.4 - - [99/Foo/2021:11:05:52 +0200] \"GET / HTTP/1.1\" 200 1")).isNull();
  }

  @Test
  void errorLog() {
    ErrorLogParser ep = new ErrorLogParser(ZoneOffset.UTC);
    Event e = ep.parse("2021/09/30 09:23:53 [error] 1925800#1925800: *17 user \"foo\" was not found in \"/tmp/a.htpasswd\", client: 127.0.0.1, server: _, request: \"GET / HTTP/1.1\", host: \"localhost\"");
    assertThat(e.get("source.ip")).isEqualTo("127.0.0.1");
    assertThat(e.get("user.name")).isEqualTo("foo");
    assertThat(e.get("event.action")).isEqualTo("http_auth_user_not_found");
    assertThat(e.get("url.original")).isEqualTo("/");
    assertThat(e.get("destination.domain")).isEqualTo("localhost");
    assertThat(e.get("@timestamp")).isEqualTo("2021-09-30T09:23:53Z");
    Event mail = ep.parse("2022/04/02 13:39:51 [info] 8#8: *6631 client login failed: \"AUTH not supported\" while in http auth state, client: 5.34.207.182, server: 0.0.0.0:25, login: \"a@example.com\"");
    assertThat(mail.get("event.action")).isEqualTo("mail_login_failed");
    assertThat(mail.get("user.name")).isEqualTo("a@example.com");
    assertThat(mail.get("source.ip")).isEqualTo("5.34.207.182");
    assertThat(ep.parse("not an error log line at all, no")).isNull();
    Event ap = ep.parse("[Thu Oct 13 12:24:49.880562 2022] [auth_basic:error] [pid 10:tid 140120579262208] [client 31.33.58.75:50229] AH01618: user sss not found: /");
    assertThat(ap.get("@timestamp")).isEqualTo("2022-10-13T12:24:49.880562Z");
    assertThat(ap.get("source.ip")).isEqualTo("31.33.58.75");
    assertThat(ap.get("source.port")).isEqualTo(50229L);
    assertThat(ap.get("user.name")).isEqualTo("sss");
    assertThat(ap.get("log.level")).isEqualTo("error");
    assertThat(ap.get("log.logger")).isEqualTo("auth_basic");
    assertThat(ap.get("event.action")).isEqualTo("http_auth_user_not_found");
    Event mismatch = ep.parse("[Wed Apr 16 16:09:40 2025] [auth_basic:error] [pid 1] [client [2001:db8::7]:443] AH01617: user bob: authentication failure for \"/\": Password Mismatch");
    assertThat(mismatch.get("source.ip")).isEqualTo("2001:db8::7");
    assertThat(mismatch.get("user.name")).isEqualTo("bob");
    assertThat(mismatch.get("event.action")).isEqualTo("http_auth_password_mismatch");
    Event ssl = ep.parse("[Wed Apr 16 16:09:40.056610 2025] [ssl:info] [pid 120974:tid 120974] (70014)End of file found: [client 192.168.1.1:17036] AH02006: SSL handshake stopped: connection was closed");
    assertThat(ssl.get("log.level")).isEqualTo("info");
    assertThat(ssl.get("event.action")).isEqualTo("http_error");
  }

  /** Seeded random lines: parse returns an event or null and never throws. */
  @Test
  void neverThrowsOnRandomLines() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    String good = "1.2.3.4 - - [24/Sep/2021:06:20:32 +0000] \"GET /x?a=1 HTTP/1.1\" 200 166 \"-\" \"ua\"";
    ErrorLogParser ep = new ErrorLogParser(ZoneOffset.UTC);
    String alphabet = " \"[]/:-.\\0123456789abcGET?%+\t";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(good);
      int edits = 1 + r.nextInt(6);
      for (int k = 0; k < edits && b.length() > 0; k++) {
        int at = r.nextInt(b.length());
        int op = r.nextInt(3);
        if (op == 0) {
          b.deleteCharAt(at);
        } else if (op == 1) {
          b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        } else {
          b.setLength(at);
        }
      }
      String line = b.toString();
      try {
        p.parse(line);
        ep.parse(line);
      } catch (RuntimeException ex) {
        throw new AssertionError("seed " + seed + ", line " + line, ex);
      }
    }
  }
}
