package org.patou.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.patou.hunt.EvtxSupport;

/**
 * Sends the demo story to a running server the way real senders would: {@code .log} files (syslog
 * lines) over syslog TCP, newline-framed; {@code .jsonl} files and {@code .evtx} files (as the JSON
 * lines {@code patou evtx dump} prints) to {@code POST /api/v1/events} with the admin token.
 */
final class DemoReplay {
  record Sent(int lines, int events) {}

  private final InetSocketAddress http;
  private final String token;
  private final int syslogTcpPort;

  DemoReplay(InetSocketAddress http, String token, int syslogTcpPort) {
    this.http = http;
    this.token = token;
    this.syslogTcpPort = syslogTcpPort;
  }

  Sent send(List<Path> files) throws IOException, InterruptedException {
    int lines = 0;
    int events = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(".log")) {
        lines += syslog(Files.readString(f, StandardCharsets.UTF_8));
      } else if (name.endsWith(".jsonl")) {
        events += post(Files.readString(f, StandardCharsets.UTF_8), name);
      } else if (name.endsWith(".evtx")) {
        StringBuilder json = new StringBuilder();
        String problem = EvtxSupport.dump(f, false, json);
        if (problem != null) {
          throw new IOException(name + ": " + problem);
        }
        events += post(json.toString(), name);
      }
    }
    return new Sent(lines, events);
  }

  private int syslog(String text) throws IOException {
    int n = 0;
    try (Socket s = new Socket(http.getAddress(), syslogTcpPort); OutputStream o = s.getOutputStream()) {
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          n++;
        }
      }
      o.flush();
      // Wait until the server has read everything (it closes its side after our end of stream):
      // otherwise, on a busy machine, the summary can count the events before these lines are in.
      s.shutdownOutput();
      s.setSoTimeout(60_000);
      s.getInputStream().read();
    }
    return n;
  }

  private int post(String jsonLines, String name) throws IOException, InterruptedException {
    HttpClient c = HttpClient.newHttpClient();
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + http.getAddress().getHostAddress() + ":" + http.getPort() + "/api/v1/events"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(jsonLines, StandardCharsets.UTF_8)).build();
    HttpResponse<String> a = c.send(r, HttpResponse.BodyHandlers.ofString());
    if (a.statusCode() / 100 != 2) {
      throw new IOException(name + ": the server answered " + a.statusCode() + ": " + a.body());
    }
    return (int) jsonLines.lines().filter(l -> !l.isBlank()).count();
  }
}
