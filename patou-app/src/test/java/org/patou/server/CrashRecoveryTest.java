package org.patou.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.TestServer;

/**
 * {@code kill -9} during ingestion loses no acknowledged event: a child JVM ingests JSON lines over
 * HTTP, is killed (SIGKILL) mid-stream, and a server restarted on the same data directory must
 * hold every event that got a 200 (replayed from the WAL, the child having committed nothing).
 */
class CrashRecoveryTest {
  private static final int BATCH = 50;
  private static final int MAX_BATCHES = 180; // stays under the search limit of 10,000

  @TempDir Path tmp;

  @Test
  void killNineLosesNoAcknowledgedEvent() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Path ready = tmp.resolve("ready");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), data.toString(), ready.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    try {
      long end = System.currentTimeMillis() + 60_000;
      while (!Files.exists(ready) && System.currentTimeMillis() < end && child.isAlive()) {
        Thread.sleep(50);
      }
      assertThat(ready).as("child started; log:\n" + (Files.exists(tmp.resolve("child.log"))
          ? Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8) : "")).exists();
      String[] pt = Files.readString(ready, StandardCharsets.UTF_8).split(" ");
      URI uri = URI.create("http://127.0.0.1:" + pt[0] + "/api/v1/events");
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Set<Integer> acked = ConcurrentHashMap.newKeySet();
      AtomicInteger sent = new AtomicInteger();
      Thread sender = new Thread(() -> {
        for (int b = 0; b < MAX_BATCHES; b++) {
          StringBuilder body = new StringBuilder();
          for (int i = 0; i < BATCH; i++) {
            int n = b * BATCH + i;
            body.append("{\"test_marker\":\"crash\",\"crash_n\":").append(n)
                .append(",\"message\":\"event number ").append(n).append("\"}\n");
          }
          try {
            sent.addAndGet(BATCH);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + pt[1])
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              for (int i = 0; i < BATCH; i++) {
                acked.add(b * BATCH + i);
              }
            }
          } catch (Exception e) {
            return; // the server died
          }
        }
      }, "crash-test-sender");
      sender.start();
      while (acked.size() < 1500 && sender.isAlive()) {
        Thread.sleep(2);
      }
      child.destroyForcibly(); // SIGKILL on Linux
      child.waitFor();
      sender.join(30_000);
      System.out.println("crash test: sent " + sent.get() + ", acknowledged " + acked.size() + " before kill -9");
      assertThat(acked.size()).as("killed mid-stream").isLessThan(MAX_BATCHES * BATCH);
      assertThat(acked).hasSizeGreaterThanOrEqualTo(1500);
      ackedSnapshot = List.copyOf(acked);
    } finally {
      child.destroyForcibly();
    }
    try (TestServer t = new TestServer(data, null)) {
      t.idle();
      System.out.println("crash test: replayed " + t.server.replayed() + " WAL records at restart");
      assertThat(t.server.replayed()).isPositive();
      JsonNode found = t.search("test_marker:crash");
      Set<Integer> stored = ConcurrentHashMap.newKeySet();
      found.get("events").forEach(e -> stored.add(e.get("crash_n").asInt()));
      assertThat(stored.size()).as("no duplicates").isEqualTo(found.get("total").asInt());
      // every acknowledged event is there (unacknowledged ones may be too: written, not yet answered)
      assertThat(stored).containsAll(ackedSnapshot);
    }
  }

  private List<Integer> ackedSnapshot = List.of();
}
