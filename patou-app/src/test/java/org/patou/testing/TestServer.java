package org.patou.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.acquire.syslog.SyslogUdpSource;
import org.patou.server.PatouServer;
import org.patou.server.ServerOptions;

/** A server on 127.0.0.1, ports 0, in a temp data dir, with an HTTP client that knows the token. */
public final class TestServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  public final PatouServer server;
  public final String token;
  public final StringWriter log = new StringWriter();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TestServer(Path data, Path rules) throws Exception {
    this(data, rules, 20_000);
  }

  public TestServer(Path data, Path rules, int capacity) throws Exception {
    this(data, rules, capacity, java.util.List.of());
  }

  /** @param files globs of files the server follows (its file tailer polls every second) */
  public TestServer(Path data, Path rules, int capacity, java.util.List<String> files) throws Exception {
    Path tokenFile = data.resolve("admin.token");
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    ServerOptions o = new ServerOptions(data, any,
        new SyslogConfig(any, 64 * 1024, 0, 64, 60_000), new SyslogConfig(any, 64 * 1024, 0, 64, 60_000),
        tokenFile, rules, 30, 0, capacity, 100, ZoneOffset.UTC, new HttpIngestConfig(1024 * 1024, 16L << 20, 8, 0))
        .withFiles(files);
    server = new PatouServer(o).start(new PrintWriter(log, true));
    token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
  }

  public URI uri(String path) {
    InetSocketAddress a = server.httpAddress();
    return URI.create("http://127.0.0.1:" + a.getPort() + path);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  public HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode search(String q) throws IOException, InterruptedException {
    return getJson("/api/v1/events?limit=10000&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  public JsonNode alerts(String q) throws IOException, InterruptedException {
    return getJson("/api/v1/alerts?limit=10000&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  public void tcp(byte[] bytes) throws IOException {
    InetSocketAddress a = server.source(SyslogTcpSource.NAME).address();
    try (Socket s = new Socket("127.0.0.1", a.getPort()); OutputStream out = s.getOutputStream()) {
      out.write(bytes);
      out.flush();
      s.shutdownOutput();
      s.getInputStream().read(); // wait until the server closed its side: everything was read
    }
  }

  public void udp(byte[] b, int off, int len) throws IOException {
    udp(java.util.Arrays.copyOfRange(b, off, off + len));
  }

  public void udp(byte[] datagram) throws IOException {
    InetSocketAddress a = server.source(SyslogUdpSource.NAME).address();
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.1", a.getPort())));
    }
  }

  /** Waits until every record written so far went through the pipeline. */
  public void idle() throws InterruptedException {
    if (!server.pipeline().awaitIdle(30_000)) {
      throw new AssertionError("pipeline not idle after 30 s");
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
