package org.patou.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.cli.inventory.TestRoot;
import org.patou.inventory.Asset;
import org.patou.inventory.Inventory;
import org.patou.inventory.InventoryStore;
import org.patou.runtime.InventoryDiscoveryTest;
import picocli.CommandLine.Command;

/**
 * {@code patou serve} registers inventory discovery: Zeek conn events posted to the API and an sshd
 * line over syslog end up as doors of the inventory, readable by {@code patou inventory show} while
 * the server runs.
 */
class DiscoveryServeTest {
  @TempDir Path tmp;

  @Command(name = "patou")
  @Test
  void eventsIngestedByTheServerBecomeInventoryDoors() throws Exception {
    Path data = tmp.resolve("data");
    try (InventoryStore s = new InventoryStore(data)) {
      s.importInventory(new Inventory("nmap-internal", List.of(new Inventory.Host(new Asset("web01", List.of("10.0.0.5"),
          List.of(), null, null, null, null, 3, List.of()), null, List.of(), List.of(), List.of()))), "nmap-internal", null, null);
    }
    Path rules = Files.createDirectories(tmp.resolve("rules"));
    Path tokenFile = tmp.resolve("admin.token");
    StringBuilder body = new StringBuilder();
    List<ObjectNode> real = InventoryDiscoveryTest.realConnEvents();
    for (ObjectNode o : real.subList(0, 600)) {
      body.append(o).append('\n');
    }
    String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    body.append("{\"@timestamp\":\"").append(now).append("\",\"event.dataset\":\"zeek.conn\",\"source.ip\":\"198.51.100.7\",")
        .append("\"source.port\":50123,\"destination.ip\":\"10.0.0.5\",\"destination.port\":443,\"network.transport\":\"tcp\",")
        .append("\"network.protocol\":\"ssl\",\"source.bytes\":517,\"destination.bytes\":4120,\"zeek.connection.state\":\"SF\"}\n");
    AtomicReference<String> show = new AtomicReference<>();
    AtomicReference<String> other = new AtomicReference<>();
    ServeCommand serve = new ServeCommand();
    serve.onStarted = server -> {
      try {
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/api/v1/events"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        String line = "<38>1 " + now + " web01 sshd 4242 - - Failed password for root from 203.0.113.9 port 4711 ssh2\n";
        try (Socket sock = new Socket("127.0.0.1", server.source(SyslogTcpSource.NAME).address().getPort());
            OutputStream out = sock.getOutputStream()) {
          out.write(line.getBytes(StandardCharsets.UTF_8));
          sock.shutdownOutput();
          sock.getInputStream().read();
        }
        assertThat(server.pipeline().awaitIdle(30_000)).isTrue();
        // the CLI reads the inventory while the server runs (discovery does not hold the database)
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
          TestRoot.Result res = TestRoot.run("--data", data.toString(), "inventory", "show", "web01");
          show.set(res.out() + res.err());
          if (show.get().contains("events:sshd") && show.get().contains("events:zeek")) {
            break;
          }
        }
        other.set(TestRoot.run("--data", data.toString(), "inventory", "show", "147.32.81.167").out());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    ServeHarness.Run run = ServeHarness.execute(serve, "--data", data.toString(), "serve", "--http", "127.0.0.1:0",
        "--syslog-udp", "off", "--syslog-tcp", "127.0.0.1:0", "--admin-token-file", tokenFile.toString(), "--rules",
        rules.toString());
    assertThat(run.code()).as(run.out()).isZero();
    assertThat(show.get())
        .contains("443/tcp    EXPOSED")
        .contains("[events:zeek: observed inbound from 198.51.100.7 (zeek conn); seen " + now)
        .contains("22/tcp     EXPOSED  ssh")
        .contains("[events:sshd: observed inbound from 203.0.113.9 (sshd log); seen ")
        .contains("seen:        events:syslog  host.name web01 (syslog)");
    // a host of the real capture, found by its address, with its observed doors
    assertThat(other.get()).contains("addresses:   147.32.81.167")
        .contains("8008/tcp   EXPOSED  http             -  on 147.32.81.167  [events:zeek: observed inbound from 167.94.145.57 (zeek conn); seen 2022-06-12T22:48:29.924Z");
  }
}
