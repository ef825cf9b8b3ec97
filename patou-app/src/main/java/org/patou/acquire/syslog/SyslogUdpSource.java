package org.patou.acquire.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.acquire.IngestSink;
import org.patou.acquire.RateLimiter;
import org.patou.acquire.Source;
import org.patou.acquire.SourceMetrics;
import org.patou.store.Wal;
import org.patou.store.WalRecord;

/**
 * Syslog over UDP: one named thread ({@code patou-syslog-udp}), one message per datagram (a
 * trailing newline dropped; several newline-separated lines in one datagram become several
 * messages). UDP cannot push back: when the pipeline is full or the rate is passed the datagram is
 * dropped and counted ({@code dropped}). Written to the WAL without waiting for fsync (see the WAL's
 * fsync policy).
 */
public final class SyslogUdpSource implements Source {
  private static final Logger LOG = Logger.getLogger(SyslogUdpSource.class.getName());
  public static final String NAME = "syslog-udp";

  private final SyslogConfig config;
  private DatagramSocket socket;
  private volatile boolean closed;

  public SyslogUdpSource(SyslogConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public void start(IngestSink sink) throws IOException {
    socket = new DatagramSocket(config.address());
    socket.setReceiveBufferSize(4 * 1024 * 1024);
    SourceMetrics m = sink.metrics(NAME);
    RateLimiter rate = new RateLimiter(config.rate());
    Thread t = new Thread(() -> {
      byte[] buf = new byte[65_535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      while (!closed) {
        try {
          p.setLength(buf.length);
          socket.receive(p);
          m.bytes.add(p.getLength());
          List<byte[]> lines = split(buf, p.getLength(), config.maxMessage(), m);
          if (lines.isEmpty()) {
            continue;
          }
          if (!rate.tryAcquire(lines.size()) || !sink.tryReserve(lines.size())) {
            m.dropped.add(lines.size());
            continue;
          }
          long now = System.currentTimeMillis();
          List<Wal.Entry> entries = new ArrayList<>(lines.size());
          for (byte[] l : lines) {
            entries.add(new Wal.Entry(WalRecord.LINE, now, NAME, l));
          }
          sink.submit(entries, false);
          m.received.add(lines.size());
        } catch (IOException | RuntimeException e) {
          if (!closed) {
            LOG.log(Level.WARNING, "syslog udp: {0}", e.toString());
          }
        }
      }
    }, "patou-syslog-udp");
    t.setDaemon(true);
    t.start();
  }

  static List<byte[]> split(byte[] buf, int n, int max, SourceMetrics m) {
    List<byte[]> out = new ArrayList<>(1);
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || buf[i] == '\n') {
        int end = i;
        if (end > start && buf[end - 1] == '\r') {
          end--;
        }
        if (end - start > max) {
          m.rejected.increment();
        } else if (end > start) {
          out.add(Arrays.copyOfRange(buf, start, end));
        }
        start = i + 1;
      }
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    if (socket != null) {
      socket.close();
    }
  }
}
