package org.patou.prevent;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.DefaultScenarios;
import org.patou.decide.ScenarioEngine;
import org.patou.respond.Enforcer;
import org.patou.server.PatouServer;
import org.patou.server.ServerOptions;

/** A real server on 127.0.0.1 (syslog TCP) with live prevention and the enforcers given. */
final class LiveServer implements Closeable {
  final PatouServer server;
  LivePrevention prevention;

  LiveServer(Path data, List<Enforcer> enforcers, Allowlist allow, long commitMs) throws Exception {
    ServerOptions d = ServerOptions.defaults(data, null);
    ServerOptions o = new ServerOptions(data, new InetSocketAddress("127.0.0.1", 0), null,
        SyslogConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), data.resolve("token"), null, 30, 0,
        d.queueCapacity(), commitMs, ZoneOffset.UTC, HttpIngestConfig.defaults());
    LivePrevention.Settings s = new LivePrevention.Settings(DefaultScenarios.load(), allow,
        Decider.Escalation.DEFAULT, false, ScenarioEngine.DEFAULT_MAX_KEYS);
    server = new PatouServer(o).observer(srv -> {
      try {
        prevention = LivePrevention.open(data, s, srv.alerts(), enforcers, 200);
        return prevention;
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    server.start(new PrintWriter(new StringWriter()));
  }

  /** {@code n} failed sshd logins of root from {@code ip}, stamped now. */
  static List<String> bruteForce(String ip, int n) {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(f.format(Instant.now()) + " srv1 sshd[777]: Failed password for root from " + ip + " port " + (50000 + i)
          + " ssh2");
    }
    return out;
  }

  /** Sends lines over syslog TCP and waits until the pipeline processed them and enforcement is idle. */
  void send(List<String> lines) throws Exception {
    long before = server.pipeline().processed();
    try (Socket s = new Socket("127.0.0.1", server.source("syslog-tcp").address().getPort());
        OutputStream o = s.getOutputStream()) {
      for (String l : lines) {
        o.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    long end = System.currentTimeMillis() + 30_000;
    while (server.pipeline().processed() < before + lines.size() && System.currentTimeMillis() < end) {
      Thread.sleep(10);
    }
    if (server.pipeline().processed() < before + lines.size()) {
      throw new AssertionError("pipeline did not process " + lines.size() + " lines in time");
    }
    if (!prevention.enforcement().awaitIdle(30_000)) {
      throw new AssertionError("enforcement not idle in time");
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
