package org.patou.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.acquire.http.HttpIngest;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.store.AlertStore;
import org.patou.store.Checkpoint;
import org.patou.store.EventStore;
import org.patou.store.StateDb;
import org.patou.store.Wal;

/** Bounded queue: HTTP answers 429, TCP stops reading; nothing grows past the capacity. */
class BackpressureTest {
  static final int CAPACITY = 1024;
  @TempDir Path dir;
  StateDb db;
  EventStore store;
  Wal wal;
  Pipeline pipeline;

  Pipeline pipeline() throws IOException, SQLException {
    db = new StateDb(dir);
    store = new EventStore(dir.resolve("events"));
    wal = new Wal(dir.resolve("wal"), 1 << 20);
    LiveRules rules = new LiveRules(null);
    rules.reload();
    AlertStore alerts = new AlertStore(db);
    pipeline = new Pipeline(wal, new Checkpoint(dir.resolve("checkpoint")), store,
        m -> new EventProcessor(ZoneOffset.UTC, List.of(), rules, store, alerts, m), CAPACITY, 50);
    return pipeline;
  }

  @AfterEach
  void close() throws IOException {
    pipeline.close();
    wal.close();
    store.close();
    db.close();
  }

  @Test
  void httpAnswers429WhenTheQueueIsFull() throws Exception {
    Pipeline p = pipeline(); // not started: nothing drains
    HttpIngest ingest = new HttpIngest(p, HttpIngestConfig.defaults());
    String batch = "{\"a\":1}\n".repeat(1000);
    assertThat(ingest.lines(batch.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    HttpIngest.Answer busy = ingest.lines(batch.getBytes(StandardCharsets.UTF_8));
    assertThat(busy.status()).isEqualTo(429);
    assertThat(ingest.bulk("{\"index\":{}}\n{\"a\":1}\n".repeat(100).getBytes(StandardCharsets.UTF_8), null).status()).isEqualTo(429);
    assertThat(p.queued()).isEqualTo(1000);
    assertThat(p.metrics(HttpIngest.LINES).rejected.sum()).isEqualTo(1000);
    assertThat(wal.lastSeq()).isEqualTo(1000); // refused records were not written
    p.start();
    assertThat(p.awaitIdle(10_000)).isTrue();
    assertThat(ingest.lines(batch.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
  }

  @Test
  void udpDropsAndCountsWhenTheQueueIsFull() throws Exception {
    Pipeline p = pipeline(); // not started
    try (org.patou.acquire.syslog.SyslogUdpSource udp = new org.patou.acquire.syslog.SyslogUdpSource(
        SyslogConfig.defaults(new InetSocketAddress("127.0.0.1", 0)));
        java.net.DatagramSocket client = new java.net.DatagramSocket()) {
      udp.start(p);
      int sent = CAPACITY + 200;
      for (int i = 0; i < sent; i++) {
        byte[] b = ("<13>Nov 26 10:00:00 udp-bp app: " + i).getBytes(StandardCharsets.UTF_8);
        client.send(new java.net.DatagramPacket(b, b.length, udp.address()));
      }
      var m = p.metrics(org.patou.acquire.syslog.SyslogUdpSource.NAME);
      long end = System.currentTimeMillis() + 10_000;
      while (m.received.sum() + m.dropped.sum() < sent && System.currentTimeMillis() < end) {
        Thread.sleep(10);
      }
      assertThat(m.received.sum()).isEqualTo(CAPACITY);
      assertThat(m.dropped.sum()).isEqualTo(sent - CAPACITY);
      assertThat(p.queued()).isEqualTo(CAPACITY);
    }
  }

  @Test
  void rateLimiterWaitsAndRefuses() throws Exception {
    org.patou.acquire.RateLimiter r = new org.patou.acquire.RateLimiter(100);
    assertThat(r.tryAcquire(100)).isTrue();
    assertThat(r.tryAcquire(50)).isFalse();
    long t0 = System.nanoTime();
    r.acquire(20); // needs ~0.2 s of tokens
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(100L, 2_000L);
    pipeline(); // for @AfterEach
  }

  @Test
  void tcpStopsReadingWhenTheQueueIsFullAndResumes() throws Exception {
    Pipeline p = pipeline();
    try (SyslogTcpSource tcp = new SyslogTcpSource(SyslogConfig.defaults(new InetSocketAddress("127.0.0.1", 0)))) {
      tcp.start(p);
      int lines = 5000;
      Thread sender = new Thread(() -> {
        try (Socket s = new Socket("127.0.0.1", tcp.address().getPort()); OutputStream out = s.getOutputStream()) {
          for (int i = 0; i < lines; i++) {
            out.write(("<13>Nov 26 10:00:00 bp-host app: line " + i + "\n").getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      }, "bp-sender");
      sender.start();
      Thread.sleep(1000);
      long received = p.metrics(SyslogTcpSource.NAME).received.sum();
      assertThat(received).isLessThanOrEqualTo(CAPACITY).isPositive();
      assertThat(p.queued()).isLessThanOrEqualTo(CAPACITY);
      p.start();
      sender.join(30_000);
      long end = System.currentTimeMillis() + 30_000;
      while (p.processed() < lines && System.currentTimeMillis() < end) {
        Thread.sleep(10);
      }
      assertThat(p.processed()).isEqualTo(lines);
      assertThat(p.metrics(SyslogTcpSource.NAME).dropped.sum()).isZero();
      assertThat(store.search("host.name:bp-host", Long.MIN_VALUE, Long.MAX_VALUE, 0).total()).isEqualTo(lines);
    }
  }
}
