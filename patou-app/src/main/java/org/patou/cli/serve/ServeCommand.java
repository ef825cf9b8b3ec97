package org.patou.cli.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.patou.acquire.http.HttpIngestConfig;
import org.patou.acquire.syslog.SyslogConfig;
import org.patou.rules.RuleLocations;
import org.patou.server.PatouServer;
import org.patou.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patou serve}: runs the SOC server until stopped (SIGTERM/SIGINT close it cleanly; a
 * {@code kill -9} loses nothing acknowledged, see {@code org.patou.store}).
 *
 * <p>{@code --data} and {@code --config} come from the root command (inherited). Every option can
 * also be set in the configuration file under {@code serve:}; the command line wins:
 *
 * <pre>
 * serve:
 *   http: 127.0.0.1:8080            # ADDR:PORT
 *   syslog_udp: 127.0.0.1:5514      # or "off"
 *   syslog_tcp: 127.0.0.1:5514      # or "off"
 *   admin_token_file: /etc/patou/admin.token
 *   rules: /path/to/rules           # default: installed set, else the bundled SigmaHQ tree
 *   retention_days: 30
 *   retention_max_bytes: 0          # 0: no size limit
 *   queue_capacity: 20000
 *   commit_ms: 10000                # how often the store commits (the WAL makes events durable)
 *   timezone: Europe/Paris          # of RFC 3164 timestamps
 *   max_event_bytes: 1048576        # HTTP: one JSON event
 *   max_request_bytes: 16777216     # HTTP: one request body
 *   http_rate: 0                    # events/s over HTTP, 0: no limit
 *   syslog_max_message: 65536
 *   syslog_rate: 0                  # events/s per syslog listener, 0: no limit
 *   files: [/var/log/auth.log*]     # files to follow (folder + pattern on the name)
 *   syslog_tls: 0.0.0.0:6514        # off unless given
 *   tls_keystore: server.p12        # PKCS#12, key + certificate chain
 *   tls_keystore_password_file: server.p12.pass
 *   discovery: true                 # hosts and services seen in events go to the inventory
 * exposure:
 *   local_nets: [10.0.0.0/8]        # inside networks (default: private address space)
 * </pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the SOC server: ingest syslog and HTTP (JSON lines, Elasticsearch _bulk), detect with the Sigma rules, store and search events and alerts, run the behaviour scenarios and enforce their decisions (prevent: in the configuration).")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--http", paramLabel = "ADDR:PORT", description = "Web server (API, _bulk, /metrics). Default 127.0.0.1:8080.")
  String http;

  @Option(names = "--syslog-udp", paramLabel = "ADDR:PORT", description = "Syslog over UDP, or 'off'. Default 127.0.0.1:5514.")
  String syslogUdp;

  @Option(names = "--syslog-tcp", paramLabel = "ADDR:PORT", description = "Syslog over TCP (octet counting or newline framing), or 'off'. Default 127.0.0.1:5514.")
  String syslogTcp;

  @Option(names = "--syslog-tls", paramLabel = "ADDR:PORT", description = "Syslog over TLS (RFC 5425), off unless given; needs --tls-keystore.")
  String syslogTls;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS#12 key store (key and certificate chain) for syslog over TLS.")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File holding the key store's password (first line).")
  Path tlsPasswordFile;

  @Option(names = "--admin-token-file", paramLabel = "FILE", description = "Use the admin token in FILE, or write a new one there (mode 0600) when FILE does not exist.")
  Path adminTokenFile;

  @Option(names = "--file", paramLabel = "GLOB", description = "Follow files matching GLOB (a folder and a pattern on the name; repeatable).")
  java.util.List<String> files;

  @Option(names = "--rules", paramLabel = "DIR", description = "Rule tree. Default: the installed set, else the bundled SigmaHQ rules.")
  Path rules;

  /** The environment (the administrator's address for the allowlist); tests set their own. */
  java.util.Map<String, String> env = System.getenv();

  /** Set by tests: called with the started server instead of waiting forever. */
  java.util.function.Consumer<PatouServer> onStarted;

  @Override
  public Integer call() throws IOException, SQLException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServerOptions options = options();
    boolean discovery = !Boolean.FALSE.equals(configuration.section("serve").get("discovery"));
    PatouServer server = newServer(options, discovery ? localNets() : null).observer(egress(options));
    org.patou.cli.prevent.ServePrevention.attach(server, org.patou.cli.prevent.PreventConfig.of(spec), env, out);
    server.start(out);
    if (onStarted != null) {
      try (server) {
        onStarted.accept(server);
      } finally {
        stopEgressPoller();
      }
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stopEgressPoller();
        server.close();
      } catch (IOException e) {
        // exiting
      } finally {
        stopped.countDown();
      }
    }, "patou-serve-shutdown"));
    stopped.await();
    return 0;
  }

  /** How stale (event time) a discovered fact's last-seen may get before it is written again. */
  static final long DISCOVERY_REFRESH_MS = 60_000;

  /** The configuration file as {@link #options} read it (checked, sections kept). */
  private org.patou.cli.Config configuration = org.patou.cli.Config.EMPTY;

  /** Inside networks for discovery: {@code exposure.local_nets} of the configuration, else private space. */
  private org.patou.inventory.LocalNets localNets() {
    Path configPath = configuration.file();
    Object nets = configuration.section("exposure").get("local_nets");
    if (nets == null) {
      return org.patou.inventory.LocalNets.PRIVATE;
    }
    if (!(nets instanceof java.util.List<?> l)) {
      throw new IllegalArgumentException(configPath + ": exposure.local_nets must be a list of networks (CIDR)");
    }
    try {
      return org.patou.inventory.LocalNets.of(configPath + ": exposure.local_nets",
          l.stream().map(String::valueOf).toList());
    } catch (org.patou.inventory.ParseException x) {
      throw new IllegalArgumentException(x.getMessage(), x);
    }
  }

  /**
   * The server {@code serve} runs (and {@code demo}): its parsers and what observes its events,
   * not started; without inventory discovery.
   */
  public static PatouServer newServer(ServerOptions options) {
    return newServer(options, null);
  }

  /**
   * As {@link #newServer(ServerOptions)}, with inventory discovery ({@link
   * org.patou.runtime.InventoryDiscovery}) when {@code discoveryNets} (the inside networks) is
   * non-null. {@code demo} leaves it off: with {@code --data} it would put the demo's hosts into the
   * real inventory.
   */
  public static PatouServer newServer(ServerOptions options, org.patou.inventory.LocalNets discoveryNets) {
    // nginx/apache access and error logs arriving over syslog or files, tried before the syslog
    // parser. One instance each: the pipeline parses on one thread (see runtime.EventProcessor).
    PatouServer server = new PatouServer(options, org.patou.parse.RecordParser.webParsers(options.zone()));
    if (discoveryNets != null) {
      server.observer(s -> new org.patou.runtime.InventoryDiscovery(options.dataDir(), discoveryNets, DISCOVERY_REFRESH_MS));
    }
    return server;
  }

  /**
   * The egress view and its decisions (docs/egress.md): the {@code egress:} section of the
   * configuration, with the allowlist, dry run, escalation and enforcers of {@code prevent:}.
   */
  java.util.function.Function<PatouServer, org.patou.runtime.EventObserver> egress(ServerOptions o) throws IOException {
    Path cfg = org.patou.cli.RootOptions.config(spec);
    org.patou.egress.EgressPolicy policy = cfg == null ? org.patou.egress.EgressPolicy.DEFAULT
        : org.patou.egress.EgressPolicy.read(cfg);
    org.patou.cli.prevent.PreventConfig prevent = cfg == null ? org.patou.cli.prevent.PreventConfig.DEFAULT
        : org.patou.cli.prevent.PreventConfig.read(cfg);
    Path data = o.dataDir();
    boolean counters = !policy.nftCounters().isZero();
    if (counters && !prevent.nftables()) {
      throw new IllegalArgumentException(cfg + ": egress.nft_counters needs prevent.nftables: true (patou's table holds the counters)");
    }
    return server -> {
      java.util.List<org.patou.respond.Enforcer> enforcers = new java.util.ArrayList<>();
      org.patou.respond.NftablesEnforcer nft = prevent.nftables()
          ? new org.patou.respond.NftablesEnforcer(java.util.List.of("nft"), -10, counters) : null;
      if (policy.block() && nft != null) {
        enforcers.add(nft);
      }
      if (policy.block()) {
        prevent.hooks().forEach(h -> enforcers.add(new org.patou.respond.HookEnforcer(h)));
      }
      org.patou.decide.Decider decider = new org.patou.decide.Decider(prevent.effectiveAllowlist(System.getenv()),
          prevent.escalation(), prevent.dryRun(), "patou", k -> org.patou.respond.DecisionStore.offences(data, k));
      org.patou.egress.EgressObserver obs = new org.patou.egress.EgressObserver(new org.patou.egress.EgressEngine(policy),
          org.patou.egress.EgressObserver.decisions(policy, decider), server.alerts(), data, enforcers,
          System.currentTimeMillis());
      if (counters) {
        obs.counters(nft);
        long every = policy.nftCounters().toMillis();
        egressPoller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            org.patou.runtime.NamedThreads.single("patou-egress-counters", true));
        egressPoller.scheduleWithFixedDelay(obs::pollCounters, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      obs.reconcile();
      return obs;
    };
  }

  /** Reads the nftables accounting counters for the egress view ({@code egress.nft_counters}); null when off. */
  private java.util.concurrent.ScheduledExecutorService egressPoller;

  private void stopEgressPoller() {
    if (egressPoller != null) {
      egressPoller.shutdownNow();
    }
  }

  /**
   * The options: command line, else the configuration's {@code serve:} section, else defaults. The
   * whole file is checked as every command checks it (a misspelt section is an error, not ignored).
   */
  ServerOptions options() throws IOException {
    Path configFile = org.patou.cli.RootOptions.config(spec);
    org.patou.cli.Config config = configFile == null ? org.patou.cli.Config.EMPTY : org.patou.cli.Config.read(configFile);
    Map<String, Object> conf = config.section("serve");
    for (String k : conf.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException(configFile + ": unknown key 'serve." + k + "' (known: " + String.join(", ", KNOWN) + ")");
      }
    }
    configuration = config;
    if (conf.get("discovery") != null && !(conf.get("discovery") instanceof Boolean)) {
      throw new IllegalArgumentException(configFile + ": serve.discovery: true or false");
    }
    Path base = configFile == null || configFile.toAbsolutePath().getParent() == null ? Path.of(".")
        : configFile.toAbsolutePath().getParent();
    Path data = org.patou.cli.RootOptions.data(spec);
    if (data == null) {
      data = config.data() != null ? config.data() : RuleLocations.defaultData();
    }
    Path ruleTree = rules != null ? rules : conf.get("rules") != null ? base.resolve(conf.get("rules").toString())
        : config.rules() != null ? config.rules() : RuleLocations.defaultRules(data);
    ServerOptions d = ServerOptions.defaults(data, ruleTree);
    InetSocketAddress httpAddr = address(pick(http, conf, "http"), d.http(), "--http");
    SyslogConfig base0 = d.syslogTcp();
    int maxMsg = intOf(conf, "syslog_max_message", base0.maxMessage());
    double syslogRate = doubleOf(conf, "syslog_rate", 0);
    InetSocketAddress udp = address(pick(syslogUdp, conf, "syslog_udp"), d.syslogUdp().address(), "--syslog-udp");
    InetSocketAddress tcp = address(pick(syslogTcp, conf, "syslog_tcp"), d.syslogTcp().address(), "--syslog-tcp");
    SyslogConfig udpC = udp == null ? null : new SyslogConfig(udp, maxMsg, syslogRate, base0.maxConnections(), base0.idleTimeoutMs());
    SyslogConfig tcpC = tcp == null ? null : new SyslogConfig(tcp, maxMsg, syslogRate, base0.maxConnections(), base0.idleTimeoutMs());
    InetSocketAddress tlsAddr = address(pick(syslogTls, conf, "syslog_tls"), null, "--syslog-tls");
    SyslogConfig tlsC = null;
    if (tlsAddr != null) {
      Path ks = tlsKeystore != null ? tlsKeystore : conf.get("tls_keystore") != null ? base.resolve(conf.get("tls_keystore").toString()) : null;
      Path pwf = tlsPasswordFile != null ? tlsPasswordFile
          : conf.get("tls_keystore_password_file") != null ? base.resolve(conf.get("tls_keystore_password_file").toString()) : null;
      if (ks == null || pwf == null) {
        throw new IllegalArgumentException("--syslog-tls needs --tls-keystore and --tls-keystore-password-file");
      }
      char[] pw = Files.readString(pwf, java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("").toCharArray();
      tlsC = new SyslogConfig(tlsAddr, maxMsg, syslogRate, base0.maxConnections(), base0.idleTimeoutMs(),
          new SyslogConfig.Tls(ks, pw));
    }
    Path tokenFile = adminTokenFile != null ? adminTokenFile
        : conf.get("admin_token_file") != null ? base.resolve(conf.get("admin_token_file").toString()) : null;
    HttpIngestConfig hi = new HttpIngestConfig(intOf(conf, "max_event_bytes", d.httpIngest().maxEvent()),
        longOf(conf, "max_request_bytes", d.httpIngest().maxRequest()), d.httpIngest().maxConcurrent(),
        doubleOf(conf, "http_rate", 0));
    ZoneId zone = conf.get("timezone") != null ? ZoneId.of(conf.get("timezone").toString()) : d.zone();
    return new ServerOptions(data, httpAddr, udpC, tcpC, tokenFile, ruleTree,
        intOf(conf, "retention_days", d.retentionDays()), longOf(conf, "retention_max_bytes", 0),
        intOf(conf, "queue_capacity", d.queueCapacity()), longOf(conf, "commit_ms", d.commitMs()), zone, hi, files(conf), tlsC);
  }

  private java.util.List<String> files(Map<String, Object> conf) {
    if (files != null) {
      return files;
    }
    Object v = conf.get("files");
    if (v == null) {
      return java.util.List.of();
    }
    if (v instanceof java.util.List<?> l) {
      return l.stream().map(Object::toString).toList();
    }
    return java.util.List.of(v.toString());
  }

  static final java.util.List<String> KNOWN = java.util.List.of("http", "syslog_udp", "syslog_tcp",
      "admin_token_file", "rules", "retention_days", "retention_max_bytes", "queue_capacity", "commit_ms", "timezone",
      "max_event_bytes", "max_request_bytes", "http_rate", "syslog_max_message", "syslog_rate", "files", "syslog_tls", "tls_keystore",
      "tls_keystore_password_file", "discovery");

  private static String pick(String cli, Map<String, Object> conf, String key) {
    return cli != null ? cli : conf.get(key) == null ? null : conf.get(key).toString();
  }

  /** ADDR:PORT ([v6]:PORT too); "off" gives null; null keeps the default. */
  public static InetSocketAddress address(String v, InetSocketAddress dflt, String what) {
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("off")) {
      return null;
    }
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(what + ": expected ADDR:PORT, not '" + v + "'");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(v.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": bad port in '" + v + "'");
    }
  }

  private static int intOf(Map<String, Object> c, String k, int d) {
    return (int) longOf(c, k, d);
  }

  private static long longOf(Map<String, Object> c, String k, long d) {
    Object v = c.get(k);
    if (v == null) {
      return d;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalArgumentException("serve." + k + ": a whole number is needed, not '" + v + "'");
  }

  private static double doubleOf(Map<String, Object> c, String k, double d) {
    Object v = c.get(k);
    if (v == null) {
      return d;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("serve." + k + ": a number is needed, not '" + v + "'");
  }

}
