package org.patou.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.store.Alert;

/**
 * Benchmark behind {@code scripts/bench-ingest.sh}: a server with the full rule tree (plus one sshd
 * rule so that alerts happen), fed over syslog TCP on 127.0.0.1. Phase 1: as fast as 2 senders
 * can (events/s accepted, and stored+checked). Phase 2, once phase 1's backlog is committed: paced at a fixed rate; 1% of the lines
 * raise an alert; p50/p99/max of receipt→alert delay (alert created minus the send time carried
 * in the event's RFC 5424 timestamp). Phase 3: offered twice phase 1's stored rate; heap after GC
 * sampled each second (flat = backpressure holds). Fixed seed; arguments: RULES_DIR SECONDS RATE.
 */
public final class BenchIngest {
  public static void main(String[] args) throws Exception {
    Path rulesSrc = Path.of(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int rate = Integer.parseInt(args[2]);
    Path tmp = Files.createTempDirectory("patou-bench");
    Path rules = tmp.resolve("rules");
    copyTree(rulesSrc, rules.resolve("sigmahq"));
    try (var in = BenchIngest.class.getResourceAsStream("/rules/linux/sshd_invalid_user.yml")) {
      Files.write(rules.resolve("sshd_invalid_user.yml"), in.readAllBytes());
    }
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    ServerOptions o = new ServerOptions(tmp.resolve("data"), any, null,
        new SyslogConfig(any, 64 * 1024, 0, 64, 600_000), tmp.resolve("token"), rules, 30, 0, 20_000, Long.getLong("patou.bench.commitMs", ServerOptions.DEFAULT_COMMIT_MS),
        ZoneOffset.UTC, HttpIngestConfig.defaults());
    long t0 = System.nanoTime();
    org.patou.runtime.LogSetup.fromEnvironment();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    try (PatouServer s = new PatouServer(o).start(out)) {
      out.printf(java.util.Locale.ROOT, "start (rules loaded) in %.1f s; JVM %s, %d CPUs%n", (System.nanoTime() - t0) / 1e9,
          Runtime.version(), Runtime.getRuntime().availableProcessors());
      int port = s.source(SyslogTcpSource.NAME).address().getPort();
      // Phase 1: saturate.
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> senders = new ArrayList<>();
      AtomicLong sent = new AtomicLong();
      for (int k = 0; k < 2; k++) {
        long seed = 42 + k;
        Thread th = new Thread(() -> send(port, seed, 0, stop, sent, -1), "bench-sender-" + k);
        th.start();
        senders.add(th);
      }
      Thread.sleep(3000); // warm-up
      long r0 = s.pipeline().metrics(SyslogTcpSource.NAME).received.sum();
      long p0 = s.pipeline().processed();
      long w0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long r1 = s.pipeline().metrics(SyslogTcpSource.NAME).received.sum();
      long p1 = s.pipeline().processed();
      double secs = (System.nanoTime() - w0) / 1e9;
      stop.set(true);
      for (Thread th : senders) {
        th.join();
      }
      s.pipeline().awaitIdle(120_000);
      out.printf(java.util.Locale.ROOT, "phase 1 (saturation, %d s): accepted %.0f events/s, stored+checked %.0f events/s%n",
          seconds, (r1 - r0) / secs, (p1 - p0) / secs);
      // Phase 2: paced. It starts once the store has committed phase 1's backlog, so the delays
      // are those of a server that keeps up at RATE, not of the first commit after a flood.
      long committed = s.pipeline().lastCommitted();
      long waitUntil = System.currentTimeMillis() + 2 * o.commitMs() + 5_000;
      while (s.pipeline().lastCommitted() == committed && System.currentTimeMillis() < waitUntil) {
        Thread.sleep(100);
      }
      long alertsBefore = s.alerts().count();
      long start = System.currentTimeMillis();
      AtomicBoolean stop2 = new AtomicBoolean();
      AtomicLong sent2 = new AtomicLong();
      Thread paced = new Thread(() -> send(port, 7, rate, stop2, sent2, 100), "bench-paced");
      paced.start();
      Thread.sleep(seconds * 1000L);
      stop2.set(true);
      paced.join();
      s.pipeline().awaitIdle(120_000);
      long elapsed = System.currentTimeMillis() - start;
      Thread.sleep(200);
      List<Alert> alerts = s.alerts().search("bench-alert", start - 60_000, Long.MAX_VALUE, 10_000).alerts();
      long[] delays = alerts.stream().mapToLong(a -> a.created() - a.timestamp()).sorted().toArray();
      out.printf(java.util.Locale.ROOT, "phase 2 (paced at %d events/s for %d s): sent %d (%.0f/s), alerts %d (%d new)%n", rate, seconds,
          sent2.get(), sent2.get() * 1000.0 / elapsed, delays.length, s.alerts().count() - alertsBefore);
      if (delays.length > 0) {
        out.printf(java.util.Locale.ROOT, "receipt->alert delay: p50 %d ms, p99 %d ms, max %d ms%n", delays[delays.length / 2],
            delays[(int) Math.min(delays.length - 1, Math.ceil(delays.length * 0.99) - 1)], delays[delays.length - 1]);
      }
      // Phase 3: offered twice what phase 1 stored; TCP backpressure must keep memory flat.
      int over = (int) Math.max(1000, 2 * (p1 - p0) / secs);
      AtomicBoolean stop3 = new AtomicBoolean();
      AtomicLong sent3 = new AtomicLong();
      List<Thread> over3 = new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        long seed = 100 + k;
        Thread th = new Thread(() -> send(port, seed, over / 2, stop3, sent3, -1), "bench-over-" + k);
        th.start();
        over3.add(th);
      }
      long q0 = s.pipeline().processed();
      long t3 = System.nanoTime();
      List<long[]> samples = new ArrayList<>();
      for (int i = 0; i < seconds; i++) {
        Thread.sleep(1000);
        samples.add(new long[] {afterGcHeap(), usedHeap(), s.pipeline().queued()});
      }
      double secs3 = (System.nanoTime() - t3) / 1e9;
      long stored3 = s.pipeline().processed() - q0;
      stop3.set(true);
      for (Thread th : over3) {
        th.join();
      }
      s.pipeline().awaitIdle(120_000);
      long firstAfterGc = samples.subList(0, Math.max(1, samples.size() / 3)).stream().mapToLong(x -> x[0]).max().orElse(0);
      long lastAfterGc = samples.subList(samples.size() - Math.max(1, samples.size() / 3), samples.size()).stream().mapToLong(x -> x[0]).max().orElse(0);
      long maxUsed = samples.stream().mapToLong(x -> x[1]).max().orElse(0);
      long maxQueued = samples.stream().mapToLong(x -> x[2]).max().orElse(0);
      out.printf(java.util.Locale.ROOT, "phase 3 (offered %d events/s = 2x phase 1, %d s): sent %.0f/s, stored+checked %.0f/s;"
          + " heap after GC: first third max %d MB, last third max %d MB; heap used max %d MB (-Xmx %d MB); queue max %d of %d%n",
          over, seconds, sent3.get() / secs3, stored3 / secs3, firstAfterGc >> 20, lastAfterGc >> 20, maxUsed >> 20,
          Runtime.getRuntime().maxMemory() >> 20, maxQueued, s.pipeline().capacity());
      out.printf(java.util.Locale.ROOT, "store: %d bytes, WAL %d bytes, failures %d%n", s.store().sizeBytes(), s.wal().sizeBytes(), s.pipeline().failures());
    }
  }

  static final String[] SAMPLES = {
    "sshd 4711 - - Accepted publickey for alice from 192.0.2.10 port 50022 ssh2: RSA SHA256:abc",
    "sshd 4711 - - Failed password for root from 203.0.113.5 port 40022 ssh2",
    "sshd 4711 - - Connection closed by 198.51.100.7 port 51515 [preauth]",
    "CRON 812 - - (root) CMD (run-parts /etc/cron.hourly)",
    "kernel - - - [12345.678] IN=eth0 OUT= SRC=198.51.100.9 DST=192.0.2.1 PROTO=TCP DPT=23",
    "sudo 999 - - bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/apt update",
    "systemd 1 - - Started Session 42 of user alice.",
  };

  /** Heap in use after the last collection of each pool that reports it (old generation, survivors). */
  static long afterGcHeap() {
    long n = 0;
    for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null
          && !p.getName().contains("Eden")) {
        n += p.getCollectionUsage().getUsed();
      }
    }
    return n;
  }

  static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /** Sends RFC 5424 lines; rate 0 = as fast as possible; every {@code alertEvery}th line alerts. */
  static void send(int port, long seed, int rate, AtomicBoolean stop, AtomicLong sent, int alertEvery) {
    Random rnd = new Random(seed);
    try (Socket sock = new Socket("127.0.0.1", port);
        OutputStream out = new BufferedOutputStream(sock.getOutputStream(), 64 * 1024)) {
      long begin = System.nanoTime();
      long n = 0;
      while (!stop.get()) {
        if (rate > 0) {
          long due = begin + n * 1_000_000_000L / rate;
          long now = System.nanoTime();
          if (now < due) {
            out.flush();
            long wait = due - now;
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        String ts = Instant.ofEpochMilli(System.currentTimeMillis()).toString();
        String body = alertEvery > 0 && n % alertEvery == 0
            ? "sshd 4711 - - Invalid user bench-alert from 203.0.113." + rnd.nextInt(255) + " port " + (1024 + rnd.nextInt(60000))
            : SAMPLES[rnd.nextInt(SAMPLES.length)];
        String host = "bench-host-" + rnd.nextInt(50);
        out.write(("<38>1 " + ts + " " + host + " " + body + "\n").getBytes(StandardCharsets.UTF_8));
        n++;
        sent.incrementAndGet();
        if (rate == 0 && (n & 255) == 0) {
          out.flush();
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path d = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(d);
        } else {
          Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

}
