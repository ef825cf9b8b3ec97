package org.patou.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.acquire.Source;
import org.patou.acquire.SourceMetrics;
import org.patou.acquire.http.HttpIngest;
import org.patou.runtime.LiveRules;
import org.patou.sigma.rule.RuleInfo;
import org.patou.store.Alert;
import org.patou.store.AlertStore;
import org.patou.store.EventStore;

/**
 * The web server (Javalin on Jetty): the REST API under {@code /api/v1}, the Elasticsearch-compatible
 * {@code _bulk}, {@code /metrics} (Prometheus text) and {@code /health}. Every route, these included,
 * needs {@code Authorization: Bearer <token>}, except CrowdSec's two bouncer routes ({@code
 * /v1/decisions}, {@code /v1/decisions/stream}, see {@link BouncerApi}), which take a bouncer's
 * {@code X-Api-Key} and never the Bearer token. The routes are listed in {@link #ROUTES} order by
 * {@link #routes()}, which a test compares with {@code openapi.yaml} (kept as a file:
 * {@code /api/v1/openapi.yaml} serves it).
 */
public final class ApiServer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String OPENAPI = "/org/patou/server/openapi.yaml";
  private static final int MAX_LIMIT = 10_000;

  private final PatouServer server;
  private final HttpIngest ingest;
  private final List<String> routes = new ArrayList<>();
  private final org.patou.web.WebUi ui;
  private final BouncerApi bouncers;
  private final DecisionsApi decisions;
  private Javalin app;

  public ApiServer(PatouServer server, HttpIngest ingest) {
    this.server = server;
    this.ingest = ingest;
    this.bouncers = new BouncerApi(server.options().dataDir());
    this.decisions = new DecisionsApi(server);
    this.ui = new org.patou.web.WebUi(new UiBackend(server), t -> server.tokens().check(t), new org.patou.web.Sessions());
  }

  /** The web console's sessions (the demo mints a one-time sign-in code here). */
  public org.patou.web.Sessions sessions() {
    return ui.sessions();
  }

  /** What the web pages read from the server. */
  private record UiBackend(PatouServer server) implements org.patou.web.WebUi.Backend {
    @Override
    public EventStore events() {
      return server.store();
    }

    @Override
    public AlertStore alerts() {
      return server.alerts();
    }

    @Override
    public Map<String, Long> counters() throws IOException, SQLException {
      Map<String, Long> m = new java.util.LinkedHashMap<>();
      m.put("events processed since start", server.pipeline().processed());
      m.put("alerts stored", server.alerts().count());
      m.put("rules running", (long) server.rules().rules().size());
      m.put("sources", (long) server.pipeline().allMetrics().size());
      m.put("events waiting", (long) server.pipeline().queued());
      return m;
    }
  }

  /** "METHOD path" of every registered route, in registration order. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  public void start(InetSocketAddress address) {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.maxRequestSize = ingest.config().maxRequest();
      cfg.routes.before(this::authenticate);
      cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> json(ctx, 400, error(e.getMessage())));
      cfg.routes.exception(HttpResponseException.class, (e, ctx) -> json(ctx, e.getStatus(), error(e.getMessage())));
      cfg.routes.exception(Exception.class, (e, ctx) -> json(ctx, 500, error("internal error: " + e)));
      register(cfg);
      ui.register(cfg);
    });
    app.start(address.getHostString(), address.getPort());
  }

  private void register(JavalinConfig cfg) {
    route(cfg, HandlerType.GET, "/health", ctx -> json(ctx, 200, "{\"status\":\"ok\"}"));
    route(cfg, HandlerType.GET, "/metrics", this::metrics);
    route(cfg, HandlerType.GET, "/", this::esInfo);
    route(cfg, HandlerType.POST, "/_bulk", ctx -> bulk(ctx, null));
    route(cfg, HandlerType.POST, "/{index}/_bulk", ctx -> bulk(ctx, ctx.pathParam("index")));
    route(cfg, HandlerType.POST, "/api/v1/events", this::ingestLines);
    route(cfg, HandlerType.GET, "/api/v1/events", this::searchEvents);
    route(cfg, HandlerType.GET, "/api/v1/alerts", this::searchAlerts);
    route(cfg, HandlerType.GET, "/api/v1/rules", this::listRules);
    route(cfg, HandlerType.POST, "/api/v1/rules/reload", this::reloadRules);
    route(cfg, HandlerType.POST, "/api/v1/rules/{id}/enable", ctx -> enable(ctx, true));
    route(cfg, HandlerType.POST, "/api/v1/rules/{id}/disable", ctx -> enable(ctx, false));
    route(cfg, HandlerType.POST, "/api/v1/rules/{id}/hunt", this::hunt);
    route(cfg, HandlerType.POST, "/api/v1/hunt", this::huntAll);
    route(cfg, HandlerType.GET, "/api/v1/sources", this::sources);
    route(cfg, HandlerType.GET, "/api/v1/stats", this::stats);
    route(cfg, HandlerType.GET, "/api/v1/patch-plan", this::patchPlan);
    route(cfg, HandlerType.GET, "/api/v1/decisions", decisions::list);
    route(cfg, HandlerType.POST, "/api/v1/decisions", decisions::add);
    route(cfg, HandlerType.DELETE, "/api/v1/decisions/{id}", decisions::delete);
    route(cfg, HandlerType.GET, "/api/v1/tokens", this::listTokens);
    route(cfg, HandlerType.POST, "/api/v1/tokens", this::createToken);
    route(cfg, HandlerType.DELETE, "/api/v1/tokens/{name}", this::revokeToken);
    route(cfg, HandlerType.GET, "/api/v1/openapi.yaml", this::openapi);
    // CrowdSec's local API, bouncer side (X-Api-Key, see BouncerApi).
    route(cfg, HandlerType.GET, BouncerApi.DECISIONS, bouncers::decisions);
    route(cfg, HandlerType.GET, BouncerApi.STREAM, bouncers::stream);
  }

  private void route(JavalinConfig cfg, HandlerType method, String path, Handler h) {
    cfg.routes.addHttpHandler(method, path, h);
    routes.add(method.name() + " " + path);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.options().http().getAddress(), app.port());
  }

  public void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private void authenticate(Context ctx) {
    if (org.patou.web.WebUi.handles(ctx.path())) {
      // the console's pages sign in with a session cookie, not a bearer header
      if (!ui.admit(ctx)) {
        ctx.skipRemainingHandlers();
      }
      return;
    }
    if (BouncerApi.isBouncerRoute(ctx.path())) {
      return; // CrowdSec's bouncer routes take an X-Api-Key instead; BouncerApi checks it
    }
    String h = ctx.header("Authorization");
    String token = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
    if (!server.tokens().check(token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"patou\"");
      throw new HttpResponseException(401, "a valid 'Authorization: Bearer <token>' header is needed", Map.of());
    }
  }

  private void ingestLines(Context ctx) throws IOException {
    if (!ingest.enter()) {
      busy(ctx);
      return;
    }
    try {
      HttpIngest.Answer a = ingest.lines(ctx.bodyAsBytes());
      json(ctx, a.status(), a.json());
    } finally {
      ingest.leave();
    }
  }

  private void bulk(Context ctx, String index) throws IOException {
    if (!ingest.enter()) {
      busy(ctx);
      return;
    }
    try {
      HttpIngest.Answer a = ingest.bulk(ctx.bodyAsBytes(), index);
      json(ctx, a.status(), a.json());
    } finally {
      ingest.leave();
    }
  }

  private static void busy(Context ctx) {
    ctx.header("Retry-After", "1");
    json(ctx, 429, error("patou is busy: retry later"));
  }

  private void searchEvents(Context ctx) throws IOException {
    EventStore.Page p = server.store().search(ctx.queryParam("q"), time(ctx, "from", Long.MIN_VALUE),
        time(ctx, "to", Long.MAX_VALUE), limit(ctx));
    ObjectNode o = MAPPER.createObjectNode();
    o.put("total", p.total());
    ArrayNode arr = o.putArray("events");
    for (EventStore.Hit h : p.hits()) {
      ObjectNode e = arr.addObject();
      e.put("_id", h.id());
      e.put("_time", Instant.ofEpochMilli(h.timestamp()).toString());
      e.setAll((ObjectNode) MAPPER.readTree(h.sourceJson()));
    }
    json(ctx, 200, MAPPER.writeValueAsString(o));
  }

  private void searchAlerts(Context ctx) throws IOException, SQLException {
    AlertStore.Page p = server.alerts().search(ctx.queryParam("q"), time(ctx, "from", Long.MIN_VALUE),
        time(ctx, "to", Long.MAX_VALUE), limit(ctx));
    ObjectNode o = MAPPER.createObjectNode();
    o.put("total", p.total());
    ArrayNode arr = o.putArray("alerts");
    for (Alert a : p.alerts()) {
      ObjectNode n = arr.addObject();
      n.put("id", a.id()).put("rule_id", a.ruleId()).put("rule_title", a.ruleTitle()).put("level", a.level());
      n.put("@timestamp", Instant.ofEpochMilli(a.timestamp()).toString());
      n.put("created", Instant.ofEpochMilli(a.created()).toString());
      n.set("event_ids", MAPPER.valueToTree(a.eventIds()));
      n.set("entities", MAPPER.valueToTree(a.entities()));
    }
    json(ctx, 200, MAPPER.writeValueAsString(o));
  }

  private void listRules(Context ctx) throws IOException {
    LiveRules r = server.rules();
    ObjectNode o = MAPPER.createObjectNode();
    List<RuleInfo> list = r.rules();
    o.put("total", list.size());
    LiveRules.Set0 cur = r.current();
    o.put("version", cur == null ? 0 : cur.version());
    ArrayNode arr = o.putArray("rules");
    for (RuleInfo i : list) {
      arr.addObject().put("id", i.id()).put("title", i.title())
          .put("level", i.level() == null ? null : i.level().label()).put("file", i.file())
          .put("enabled", r.enabled(i.id()));
    }
    json(ctx, 200, MAPPER.writeValueAsString(o));
  }

  private void reloadRules(Context ctx) throws IOException {
    LiveRules.Outcome out = server.rules().reload();
    ObjectNode o = MAPPER.createObjectNode();
    o.put("applied", out.applied()).put("message", out.message()).put("loaded", out.loaded())
        .put("invalid", out.invalid()).put("unsupported", out.unsupported());
    json(ctx, out.applied() ? 200 : 422, MAPPER.writeValueAsString(o));
  }

  private void enable(Context ctx, boolean on) throws IOException, SQLException {
    String id = ctx.pathParam("id");
    boolean known = server.rules().rules().stream().anyMatch(i -> id.equals(i.id()));
    if (!known) {
      json(ctx, 404, error("no loaded rule with id " + id));
      return;
    }
    server.setRuleEnabled(id, on);
    json(ctx, 200, MAPPER.writeValueAsString(Map.of("id", id, "enabled", on)));
  }

  /** Retro-hunt: the rule over stored events (q, from, to select them), oldest first. */
  private void hunt(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (server.rules().rules().stream().noneMatch(i -> id.equals(i.id()))) {
      json(ctx, 404, error("no loaded rule with id " + id));
      return;
    }
    org.patou.runtime.RetroHunt.Result r = org.patou.runtime.RetroHunt.run(server.rules(), server.store(), id,
        ctx.queryParam("q"), time(ctx, "from", Long.MIN_VALUE), time(ctx, "to", Long.MAX_VALUE), HUNT_MAX_SCAN, limit(ctx));
    json(ctx, 200, MAPPER.writeValueAsString(huntJson(r)));
  }

  /** Retro-hunt with every enabled rule: one bounded scan with the full detector. */
  private void huntAll(Context ctx) throws IOException {
    org.patou.runtime.RetroHunt.Result r = org.patou.runtime.RetroHunt.runAll(server.rules(), server.store(),
        ctx.queryParam("q"), time(ctx, "from", Long.MIN_VALUE), time(ctx, "to", Long.MAX_VALUE), HUNT_MAX_SCAN, limit(ctx));
    json(ctx, 200, MAPPER.writeValueAsString(huntJson(r)));
  }

  /** Events one hunt reads at most: bounds its time and memory (a finding keeps its event ids). */
  static final long HUNT_MAX_SCAN = 1_000_000;
  /** Characters of the prefilter query shown (a hash-list rule prints megabytes). */
  private static final int QUERY_SHOWN = 4_096;

  private static ObjectNode huntJson(org.patou.runtime.RetroHunt.Result r) {
    ObjectNode o = MAPPER.createObjectNode();
    String q = r.query().length() > QUERY_SHOWN ? r.query().substring(0, QUERY_SHOWN) + "..." : r.query();
    o.put("translated", r.translated()).put("query", q).put("stored", r.selected())
        .put("scanned", r.scanned()).put("truncated", r.truncated()).put("total", r.findings().size());
    ArrayNode arr = o.putArray("findings");
    for (Alert a : r.findings()) {
      ObjectNode n = arr.addObject();
      n.put("rule_id", a.ruleId()).put("rule_title", a.ruleTitle()).put("level", a.level());
      n.put("@timestamp", Instant.ofEpochMilli(a.timestamp()).toString());
      n.set("event_ids", MAPPER.valueToTree(a.eventIds()));
      n.set("entities", MAPPER.valueToTree(a.entities()));
    }
    return o;
  }

  private void sources(Context ctx) throws IOException {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode arr = o.putArray("sources");
    Map<String, SourceMetrics> all = server.pipeline().allMetrics();
    for (Source s : server.sources()) {
      server.pipeline().metrics(s.name());
    }
    for (SourceMetrics m : server.pipeline().allMetrics().values()) {
      ObjectNode n = arr.addObject();
      n.put("name", m.name);
      Source s = server.source(m.name);
      n.put("address", s == null ? (m.name.startsWith("http") ? PatouServer.hostPort(address()) : null)
          : PatouServer.hostPort(s.address()));
      n.put("received", m.received.sum()).put("rejected", m.rejected.sum())
          .put("dropped", m.dropped.sum()).put("parsed", m.parsed.sum()).put("raw", m.raw.sum())
          .put("bytes", m.bytes.sum());
    }
    o.put("total", all.size());
    json(ctx, 200, MAPPER.writeValueAsString(o));
  }

  /**
   * The patch plan, as {@code patou patch-plan --format json} prints it ({@code asset}, {@code week}
   * query parameters). The inventory database is opened per request and closed at once, so the
   * inventory and feeds commands can still write it while the server runs.
   */
  private void patchPlan(Context ctx) throws SQLException {
    String asset = ctx.queryParam("asset");
    String weekParam = ctx.queryParam("week");
    int week = org.patou.vuln.PatchPlan.DEFAULT_WEEK_ACTIONS;
    if (weekParam != null) {
      try {
        week = Integer.parseInt(weekParam);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("week: a whole number is needed");
      }
      if (week < 1) {
        throw new IllegalArgumentException("week: a positive number is needed");
      }
    }
    try (org.patou.inventory.InventoryStore store = new org.patou.inventory.InventoryStore(server.options().dataDir())) {
      if (asset != null && store.asset(asset) == null) {
        json(ctx, 404, error("no asset named " + asset));
        return;
      }
      json(ctx, 200, org.patou.vuln.PatchPlan.json(org.patou.vuln.PatchPlan.build(store, asset, week, java.time.Instant.now())));
    }
  }

  private void listTokens(Context ctx) throws IOException, SQLException {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode arr = o.putArray("tokens");
    for (Tokens.Info i : server.tokens().list()) {
      arr.addObject().put("name", i.name()).put("created", Instant.ofEpochMilli(i.created()).toString())
          .put("hash_prefix", i.hashPrefix());
    }
    o.put("total", arr.size());
    json(ctx, 200, MAPPER.writeValueAsString(o));
  }

  /** {@code {"name":"vector-web01"}} → 201 with the token, shown this once. */
  private void createToken(Context ctx) throws IOException, SQLException {
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      body = MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("body: a JSON object with a name is needed");
    }
    String name = body == null || body.get("name") == null ? null : body.get("name").asText();
    try {
      String t = server.tokens().create(name);
      json(ctx, 201, MAPPER.writeValueAsString(Map.of("name", name, "token", t)));
    } catch (IllegalStateException e) {
      json(ctx, 409, error(e.getMessage()));
    }
  }

  private void revokeToken(Context ctx) throws IOException, SQLException {
    String name = ctx.pathParam("name");
    try {
      int n = server.tokens().revoke(name);
      if (n == 0) {
        json(ctx, 404, error("no token named " + name));
      } else {
        json(ctx, 200, MAPPER.writeValueAsString(Map.of("name", name, "revoked", n)));
      }
    } catch (IllegalStateException e) {
      json(ctx, 409, error(e.getMessage()));
    }
  }

  private void stats(Context ctx) throws IOException, SQLException {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("processed", server.pipeline().processed());
    o.put("failures", server.pipeline().failures());
    o.put("queued", server.pipeline().queued());
    o.put("queue_capacity", server.pipeline().capacity());
    o.put("wal_last_seq", server.wal().lastSeq());
    o.put("checkpoint", server.pipeline().lastCommitted());
    o.put("wal_bytes", server.wal().sizeBytes());
    o.put("store_bytes", server.store().sizeBytes());
    o.set("partitions", MAPPER.valueToTree(server.store().partitions()));
    o.put("alerts", server.alerts().count());
    o.put("rules", server.rules().rules().size());
    o.put("replayed_at_start", server.replayed());
    json(ctx, 200, MAPPER.writeValueAsString(o));
  }

  private void metrics(Context ctx) throws IOException, SQLException {
    StringBuilder b = new StringBuilder();
    String[][] counters = {
      {"received", "records taken in and written to the WAL"},
      {"rejected", "records refused with an answer to the sender"},
      {"dropped", "records lost without an answer (UDP)"},
      {"parsed", "records a parser understood"},
      {"raw", "records stored unparsed"},
      {"bytes", "bytes received"}};
    for (String[] c : counters) {
      b.append("# HELP patou_source_").append(c[0]).append("_total ").append(c[1]).append('\n');
      b.append("# TYPE patou_source_").append(c[0]).append("_total counter\n");
      for (SourceMetrics m : server.pipeline().allMetrics().values()) {
        long v = switch (c[0]) {
          case "received" -> m.received.sum();
          case "rejected" -> m.rejected.sum();
          case "dropped" -> m.dropped.sum();
          case "parsed" -> m.parsed.sum();
          case "raw" -> m.raw.sum();
          default -> m.bytes.sum();
        };
        b.append("patou_source_").append(c[0]).append("_total{source=\"").append(m.name).append("\"} ")
            .append(v).append('\n');
      }
    }
    gauge(b, "patou_pipeline_processed_total", "counter", "records processed", server.pipeline().processed());
    gauge(b, "patou_pipeline_failures_total", "counter", "records whose processing failed", server.pipeline().failures());
    gauge(b, "patou_pipeline_queued", "gauge", "records waiting for the pipeline", server.pipeline().queued());
    gauge(b, "patou_pipeline_capacity", "gauge", "the most records that may wait", server.pipeline().capacity());
    gauge(b, "patou_wal_bytes", "gauge", "bytes in WAL segments", server.wal().sizeBytes());
    gauge(b, "patou_store_bytes", "gauge", "bytes in the event store", server.store().sizeBytes());
    gauge(b, "patou_alerts_raised_total", "counter", "alerts raised since start", server.pipeline().alertsRaised());
    gauge(b, "patou_rules_loaded", "gauge", "rules running", server.rules().rules().size());
    ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(b.toString());
  }

  private static void gauge(StringBuilder b, String name, String type, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    b.append(name).append(' ').append(v).append('\n');
  }

  /** What Beats and Vector ask at start ({@code GET /}): an Elasticsearch-like identity. */
  private void esInfo(Context ctx) {
    json(ctx, 200, "{\"name\":\"patou\",\"cluster_name\":\"patou\",\"version\":{\"number\":\"8.11.0\","
        + "\"build_flavor\":\"default\",\"lucene_version\":\"10.6.0\"},\"tagline\":\"You Know, for Search\"}");
  }

  private void openapi(Context ctx) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IOException("missing resource " + OPENAPI);
      }
      ctx.status(200).contentType("application/yaml").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static long time(Context ctx, String name, long dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(v).toEpochMilli();
      } catch (DateTimeParseException x) {
        throw new IllegalArgumentException(name + ": expected epoch milliseconds or an ISO-8601 instant, not '" + v + "'");
      }
    }
  }

  static int limit(Context ctx) {
    String v = ctx.queryParam("limit");
    if (v == null || v.isBlank()) {
      return 100;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0 || n > MAX_LIMIT) {
        throw new IllegalArgumentException("limit: 0 .. " + MAX_LIMIT);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit: a whole number is needed, not '" + v + "'");
    }
  }

  private static String error(String message) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("error", message);
    try {
      return MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      return "{\"error\":\"error\"}";
    }
  }

  private static void json(Context ctx, int status, String body) {
    ctx.status(status).contentType("application/json").result(body);
  }

}
