package org.patou.acquire.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.acquire.IngestSink;
import org.patou.acquire.RateLimiter;
import org.patou.acquire.Source;
import org.patou.acquire.SourceMetrics;
import org.patou.store.Wal;
import org.patou.store.WalRecord;

/**
 * Syslog over TCP: one thread per connection ({@code patou-syslog-tcp-N}, at most max connections). Each chunk read
 * is framed ({@link SyslogFramer}), room is reserved in the pipeline (waiting when it is full: the
 * socket is not read meanwhile, so TCP flow control slows the sender), written to the WAL and
 * fsynced before the next read.
 */
public final class SyslogTcpSource implements Source {
  private static final Logger LOG = Logger.getLogger(SyslogTcpSource.class.getName());
  public static final String NAME = "syslog-tcp";
  public static final String TLS_NAME = "syslog-tls";

  private final SyslogConfig config;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
  private ServerSocket server;
  private volatile boolean closed;

  public SyslogTcpSource(SyslogConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return config.tls() == null ? NAME : TLS_NAME;
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public void start(IngestSink sink) throws IOException {
    server = config.tls() == null ? new ServerSocket() : Tls.serverSocket(config.tls());
    server.setReuseAddress(true);
    server.bind(config.address(), 256);
    SourceMetrics m = sink.metrics(name());
    RateLimiter rate = new RateLimiter(config.rate());
    Semaphore slots = new Semaphore(config.maxConnections());
    Thread acceptor = new Thread(() -> {
      while (!closed) {
        try {
          Socket s = server.accept();
          if (!slots.tryAcquire()) {
            s.close();
            continue;
          }
          open.add(s);
          // One platform thread per connection, bounded by max connections (see NamedThreads).
          Thread c = new Thread(() -> {
            try {
              serve(s, sink, m, rate, name());
            } finally {
              open.remove(s);
              slots.release();
            }
          }, "patou-syslog-tcp-" + connections.getAndIncrement());
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          if (!closed) {
            LOG.log(Level.WARNING, "syslog tcp accept: {0}", e.toString());
          }
        }
      }
    }, "patou-syslog-tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void serve(Socket s, IngestSink sink, SourceMetrics m, RateLimiter rate, String name) {
    List<byte[]> frames = new ArrayList<>();
    SyslogFramer framer = new SyslogFramer(config.maxMessage(), frames::add, m.rejected::increment);
    byte[] buf = new byte[64 * 1024];
    try (s; InputStream in = s.getInputStream()) {
      s.setSoTimeout(config.idleTimeoutMs());
      s.setTcpNoDelay(true);
      while (!closed) {
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          break; // idle too long
        }
        if (n < 0) {
          framer.finish();
        } else {
          m.bytes.add(n);
          framer.feed(buf, 0, n);
        }
        if (!frames.isEmpty()) {
          hand(frames, sink, m, rate, name);
          frames.clear();
        }
        if (n < 0) {
          break;
        }
      }
    } catch (javax.net.ssl.SSLException e) {
      m.rejected.increment(); // a client that does not speak TLS, or a failed handshake
      LOG.log(Level.FINE, "syslog tls {0}: {1}", new Object[] {s.getRemoteSocketAddress(), e.toString()});
    } catch (SocketException e) {
      // peer reset or server closing
    } catch (IOException e) {
      LOG.log(Level.WARNING, "syslog tcp {0}: {1}", new Object[] {s.getRemoteSocketAddress(), e.toString()});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands frames in batches small enough to fit in the pipeline's room. */
  private static void hand(List<byte[]> all, IngestSink sink, SourceMetrics m, RateLimiter rate, String name)
      throws IOException, InterruptedException {
    for (int i = 0; i < all.size(); i += BATCH) {
      handBatch(all.subList(i, Math.min(all.size(), i + BATCH)), sink, m, rate, name);
    }
  }

  private static final int BATCH = 512;

  private static void handBatch(List<byte[]> frames, IngestSink sink, SourceMetrics m, RateLimiter rate, String name)
      throws IOException, InterruptedException {
    rate.acquire(frames.size());
    sink.reserve(frames.size());
    long now = System.currentTimeMillis();
    List<Wal.Entry> entries = new ArrayList<>(frames.size());
    for (byte[] f : frames) {
      entries.add(new Wal.Entry(WalRecord.LINE, now, name, f));
    }
    try {
      sink.submit(entries, true);
    } catch (IOException | RuntimeException e) {
      sink.release(frames.size());
      throw e;
    }
    m.received.add(frames.size());
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (server != null) {
      server.close();
    }
    for (Socket s : open) {
      s.close();
    }
  }
}
