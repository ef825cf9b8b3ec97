package org.patou.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.server.PatouServer;
import org.patou.server.ServerOptions;
import org.patou.store.Alert;

/**
 * The server half of {@code patou demo}: a server on 127.0.0.1 (its data in a temporary folder
 * unless {@code --data} is given), the bundled story replayed into it over syslog TCP and the HTTP
 * API like real senders would, a summary, and a one-time sign-in link to the web pages.
 */
final class DemoServer {
  static final InetSocketAddress DEFAULT_HTTP = new InetSocketAddress("127.0.0.1", 8080);

  private final Main main;
  private final PrintWriter out;
  private final PrintWriter err;

  DemoServer(Main main, PrintWriter out, PrintWriter err) {
    this.main = main;
    this.out = out;
    this.err = err;
  }

  int run(String http, boolean exitAfterReplay) throws IOException, InterruptedException, SQLException {
    InetSocketAddress address = http == null ? freeOrAny(DEFAULT_HTTP) : org.patou.cli.serve.ServeCommand.address(http, DEFAULT_HTTP, "--http");
    boolean temporary = main.data == null && main.config().data() == null;
    Path data = temporary ? Files.createTempDirectory("patou-demo") : main.dataDirectory();
    Path samples = Files.createTempDirectory("patou-demo-story");
    try {
      List<Path> files = DemoCommand.extract(samples);
      InetSocketAddress local = new InetSocketAddress("127.0.0.1", 0);
      Path tokenFile = data.resolve("demo-admin.token");
      ServerOptions o = new ServerOptions(data, address, null, SyslogConfig.defaults(local), tokenFile,
          HuntRunner.rulesDir(null, main), 30, 0, 20_000, 200, ZoneOffset.UTC, HttpIngestConfig.defaults());
      out.println("patou demo: starting the server (data in " + data + (temporary ? ", removed at exit" : "") + ")");
      out.flush();
      PatouServer server = org.patou.cli.serve.ServeCommand.newServer(o).start(out);
      try {
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        int tcp = server.source(SyslogTcpSource.NAME).address().getPort();
        DemoReplay.Sent sent = new DemoReplay(server.httpAddress(), token, tcp).send(files);
        server.pipeline().awaitIdle(60_000);
        summary(server, sent);
        String base = "http://" + server.httpAddress().getAddress().getHostAddress() + ":" + server.httpAddress().getPort();
        out.println();
        out.println("Open " + base + "/ui/login?code=" + server.webSessions().oneTimeCode());
        out.println("  (a one-time sign-in link, valid 10 minutes; afterwards sign in at " + base
            + "/ui with the admin token in " + tokenFile + ")");
        out.println("API: curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" " + base + "/api/v1/alerts");
        out.flush();
        if (exitAfterReplay) {
          return Main.OK;
        }
        out.println("Ctrl-C stops the demo.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          close(server, temporary ? data : null);
          stopped.countDown();
        }, "patou-demo-shutdown"));
        stopped.await();
        return Main.OK;
      } finally {
        if (exitAfterReplay) {
          close(server, temporary ? data : null);
        }
      }
    } finally {
      DemoCommand.deleteTree(samples);
    }
  }

  private void summary(PatouServer server, DemoReplay.Sent sent) throws IOException, SQLException {
    out.println("patou demo: replayed " + sent.lines() + " syslog lines (mairie-web01: web probes, ssh brute force,"
        + " then a login, sudo and a new root account) and " + sent.events() + " Windows events (mairie-pc01, rootdc1)");
    long stored = server.store().search(null, Long.MIN_VALUE, Long.MAX_VALUE, 0).total();
    List<Alert> alerts = server.alerts().search(null, Long.MIN_VALUE, Long.MAX_VALUE, 1000).alerts();
    out.println("patou demo: " + stored + " events stored, " + alerts.size() + " alerts:");
    for (Alert a : alerts.reversed()) {
      String host = a.entities().getOrDefault("host.name", a.entities().getOrDefault("Event.System.Computer", List.of())).stream().findFirst().orElse("");
      out.printf(java.util.Locale.ROOT, "  %s  %-8s %s%s%n", java.time.Instant.ofEpochMilli(a.timestamp()), a.level(), a.ruleTitle(),
          host.isEmpty() ? "" : "  (" + host + ")");
    }
  }

  private void close(PatouServer server, Path removeAfter) {
    try {
      server.close();
    } catch (IOException e) {
      err.println("patou demo: stopping: " + e.getMessage());
    }
    if (removeAfter != null) {
      DemoCommand.deleteTree(removeAfter);
    }
  }

  /** 127.0.0.1:8080 when free, else a free port (a second demo, or something else on 8080). */
  private InetSocketAddress freeOrAny(InetSocketAddress wanted) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(wanted);
      return wanted;
    } catch (BindException e) {
      err.println("patou demo: " + wanted.getPort() + " is taken; using a free port");
      return new InetSocketAddress(wanted.getAddress(), 0);
    } catch (IOException e) {
      return new InetSocketAddress(wanted.getAddress(), 0);
    }
  }
}
