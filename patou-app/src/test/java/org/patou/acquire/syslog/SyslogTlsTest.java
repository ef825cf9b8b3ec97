package org.patou.acquire.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.runtime.EventProcessor;
import org.patou.runtime.LiveRules;
import org.patou.runtime.Pipeline;
import org.patou.store.AlertStore;
import org.patou.store.Checkpoint;
import org.patou.store.EventStore;
import org.patou.store.StateDb;
import org.patou.store.Wal;
import org.patou.testkit.SharedData;

/** Syslog over TLS with a key store made by the JDK's keytool; real sshd lines, octet counting. */
class SyslogTlsTest {
  @TempDir Path dir;

  @Test
  void sshdLinesOverTls() throws Exception {
    Path sample = SharedData.require("auth/crowdsec-hub-tests").resolve("tests/ssh-bf/ssh-bf.log");
    Path ks = dir.resolve("server.p12");
    char[] pw = "changeit-test".toCharArray();
    Process kt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "patou", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
        "-storepass", new String(pw), "-keypass", new String(pw)).redirectErrorStream(true).start();
    String ktOut = new String(kt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kt.waitFor()).as(ktOut).isZero();
    try (StateDb db = new StateDb(dir); EventStore store = new EventStore(dir.resolve("events"));
        Wal wal = new Wal(dir.resolve("wal"), 1 << 20)) {
      LiveRules rules = new LiveRules(null);
      rules.reload();
      AlertStore alerts = new AlertStore(db);
      Pipeline p = new Pipeline(wal, new Checkpoint(dir.resolve("checkpoint")), store,
          m -> new EventProcessor(ZoneOffset.UTC, List.of(), rules, store, alerts, m), 4096, 50);
      p.start();
      SyslogConfig c = SyslogConfig.defaults(new InetSocketAddress("127.0.0.1", 0))
          .withTls(new SyslogConfig.Tls(ks, pw));
      try (SyslogTcpSource tls = new SyslogTcpSource(c)) {
        tls.start(p);
        assertThat(tls.name()).isEqualTo("syslog-tls");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
          trust.load(in, pw);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", tls.address().getPort());
            OutputStream out = s.getOutputStream()) {
          for (String l : lines) {
            byte[] m = ("<38>" + l).getBytes(StandardCharsets.UTF_8);
            out.write((m.length + " ").getBytes(StandardCharsets.UTF_8));
            out.write(m);
          }
          out.flush();
          long end = System.currentTimeMillis() + 10_000;
          while (p.metrics("syslog-tls").received.sum() < lines.size() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
          }
        }
        p.awaitIdle(10_000);
        assertThat(store.search("host.name:sd-126005 AND process.name:sshd", Long.MIN_VALUE, Long.MAX_VALUE, 0).total())
            .isEqualTo(lines.stream().filter(l -> l.contains(" sshd[")).count());
        // a plain-text client is refused without harm
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", tls.address().getPort())) {
          plain.getOutputStream().write("<38>Feb 12 14:10:21 h sshd[1]: plain\n".getBytes(StandardCharsets.UTF_8));
        }
      } finally {
        p.close();
      }
    }
  }
}
