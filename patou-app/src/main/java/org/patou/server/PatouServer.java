package org.patou.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.patou.acquire.Source;
import org.patou.acquire.http.HttpIngest;
import org.patou.acquire.syslog.SyslogTcpSource;
import org.patou.acquire.syslog.SyslogUdpSource;
import org.patou.parse.LineParser;
import org.patou.runtime.EventProcessor;
import org.patou.runtime.LiveRules;
import org.patou.runtime.Pipeline;
import org.patou.store.AlertStore;
import org.patou.store.Checkpoint;
import org.patou.store.EventStore;
import org.patou.store.StateDb;
import org.patou.store.Wal;

/**
 * {@code patou serve} assembled: opens the state in {@code DATA/server/} (WAL, events, H2), loads
 * the rules, replays the WAL after the checkpoint, then starts the pipeline, the sources and the
 * web server; {@link #close()} stops them in the reverse order. Owns every thread it starts
 * ({@code patou-pipeline}, {@code patou-retention}, the sources', Jetty's).
 */
public final class PatouServer implements Closeable {
  private static final Logger LOG = Logger.getLogger(PatouServer.class.getName());
  public static final long WAL_SEGMENT_SIZE = 64L * 1024 * 1024;

  private final ServerOptions options;
  private final List<LineParser> extraParsers;
  private StateDb db;
  private Wal wal;
  private EventStore store;
  private AlertStore alerts;
  private LiveRules rules;
  private Pipeline pipeline;
  private Tokens tokens;
  private final List<Source> sources = new ArrayList<>();
  private ApiServer api;
  private ScheduledExecutorService retention;
  private long replayed;
  private final List<org.patou.runtime.EventObserver> observers = new ArrayList<>();
  private final List<java.util.function.Function<PatouServer, org.patou.runtime.EventObserver>> observerFactories =
      new ArrayList<>();

  public PatouServer(ServerOptions options) {
    this(options, List.of());
  }

  /** @param extraParsers line parsers tried after syslog (the web access-log parser plugs in here) */
  public PatouServer(ServerOptions options, List<LineParser> extraParsers) {
    this.options = options;
    this.extraParsers = List.copyOf(extraParsers);
  }

  /**
   * Adds something that sees every stored event (see {@link org.patou.runtime.EventObserver}); the
   * factory runs in {@link #start} once the state is open and before the WAL replay. Call before start.
   * An observer that is {@link Closeable} is closed by {@link #close()}, after the pipeline stopped.
   */
  public PatouServer observer(java.util.function.Function<PatouServer, org.patou.runtime.EventObserver> factory) {
    observerFactories.add(factory);
    return this;
  }

  /** Starts everything; messages (the admin token once, listeners) go to {@code out}. */
  public PatouServer start(PrintWriter out) throws IOException, SQLException {
    Path dir = options.dataDir().resolve("server");
    Files.createDirectories(dir);
    db = new StateDb(dir);
    store = new EventStore(dir.resolve("events"));
    alerts = new AlertStore(db);
    wal = new Wal(dir.resolve("wal"), WAL_SEGMENT_SIZE);
    rules = new LiveRules(options.rules());
    for (String id : db.disabledRules()) {
      rules.setEnabled(id, false);
    }
    LiveRules.Outcome o = rules.reload();
    for (var f : observerFactories) {
      observers.add(f.apply(this));
    }
    out.println("patou serve: rules " + (options.rules() == null ? "(none)" : options.rules()) + ": " + o.message()
        + " (" + o.invalid() + " invalid, " + o.unsupported() + " unsupported)");
    pipeline = new Pipeline(wal, new Checkpoint(dir.resolve("checkpoint")), store,
        m -> new EventProcessor(options.zone(), extraParsers, rules, store, alerts, m)
            .attackActivity(new org.patou.runtime.AttackActivity(options.dataDir())).observers(observers),
        options.queueCapacity(), options.commitMs());
    replayed = pipeline.replay();
    if (replayed > 0) {
      out.println("patou serve: replayed " + replayed + " records from the write-ahead log");
    }
    pipeline.start();
    tokens = new Tokens(db);
    Tokens.Bootstrap b = tokens.bootstrap(options.adminTokenFile());
    out.println("patou serve: " + b.message());
    if (options.syslogUdp() != null && options.syslogUdp().address() != null) {
      startSource(new SyslogUdpSource(options.syslogUdp()), out);
    }
    if (options.syslogTcp() != null && options.syslogTcp().address() != null) {
      startSource(new SyslogTcpSource(options.syslogTcp()), out);
    }
    if (options.syslogTls() != null) {
      startSource(new SyslogTcpSource(options.syslogTls()), out);
    }
    if (!options.files().isEmpty()) {
      startSource(new org.patou.acquire.file.FileTailSource(new org.patou.acquire.file.FileConfig(
          options.files(), dir.resolve("file-positions"), 1000, 64 * 1024)), out);
    }
    api = new ApiServer(this, new HttpIngest(pipeline, options.httpIngest()));
    api.start(options.http());
    out.println("patou serve: HTTP on http://" + hostPort(api.address()) + " (API under /api/v1, _bulk, /metrics, /health)");
    retention = new ScheduledThreadPoolExecutor(1, org.patou.runtime.NamedThreads.single("patou-retention", true));
    retention.scheduleWithFixedDelay(this::applyRetention, 1, 60, TimeUnit.MINUTES);
    out.flush();
    return this;
  }

  private void startSource(Source s, PrintWriter out) throws IOException {
    s.start(pipeline);
    sources.add(s);
    out.println("patou serve: " + s.name() + (s.address() == null ? " started" : " on " + hostPort(s.address())));
  }

  static String hostPort(java.net.InetSocketAddress a) {
    if (a == null) {
      return "-";
    }
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Drops the day partitions the retention settings exclude; returns them. */
  public List<String> applyRetention() {
    try {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      return store.applyRetention(today.minusDays(options.retentionDays()), options.retentionMaxBytes(), today);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "retention failed", e);
      return List.of();
    }
  }

  public ServerOptions options() {
    return options;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public EventStore store() {
    return store;
  }

  public AlertStore alerts() {
    return alerts;
  }

  public LiveRules rules() {
    return rules;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** Enables or disables a rule now and across restarts. */
  public void setRuleEnabled(String id, boolean on) throws SQLException {
    db.setRuleEnabled(id, on);
    rules.setEnabled(id, on);
  }

  /** The first observer of this type (e.g. the live prevention), or null. */
  public <T> T observer(Class<T> type) {
    for (org.patou.runtime.EventObserver o : observers) {
      if (type.isInstance(o)) {
        return type.cast(o);
      }
    }
    return null;
  }

  /** The server's H2 state (alerts, tokens, rule switches; observers may keep their tables here). */
  public StateDb db() {
    return db;
  }

  public Wal wal() {
    return wal;
  }

  public List<Source> sources() {
    return List.copyOf(sources);
  }

  public long replayed() {
    return replayed;
  }

  /** The web console's sessions (the demo mints its one-time sign-in link here). */
  public org.patou.web.Sessions webSessions() {
    return api.sessions();
  }

  /** The bound web address (port 0 resolved). */
  public java.net.InetSocketAddress httpAddress() {
    return api.address();
  }

  /** "METHOD path" of every web route (the OpenAPI test compares them with openapi.yaml). */
  public List<String> apiRoutes() {
    return api.routes();
  }

  public Source source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  @Override
  public void close() throws IOException {
    if (retention != null) {
      retention.shutdownNow();
    }
    if (api != null) {
      api.stop();
    }
    for (Source s : sources) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "closing " + s.name(), e);
      }
    }
    if (pipeline != null) {
      pipeline.close();
    }
    for (org.patou.runtime.EventObserver o : observers) {
      if (o instanceof Closeable c) {
        try {
          c.close(); // after the pipeline: what it handed over (decisions to enforce) is finished
        } catch (IOException e) {
          LOG.log(Level.WARNING, "closing " + o.getClass().getSimpleName(), e);
        }
      }
    }
    if (wal != null) {
      wal.close();
    }
    if (store != null) {
      store.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
