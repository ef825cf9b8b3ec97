package org.patou.web;

import static org.patou.web.Html.cut;
import static org.patou.web.Html.esc;
import static org.patou.web.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.patou.store.Alert;
import org.patou.store.AlertStore;
import org.patou.store.EventStore;

/**
 * The first pages of the web console, rendered on the server: {@code /ui} (counters, the event rate
 * chart, recent alerts, a search box), {@code /ui/events} (event search with Lucene syntax and a
 * time range) and {@code /ui/alerts/{id}} (an alert and its events). Sign-in with an API token
 * (or a one-time code printed by {@code patou demo}) opens a session cookie ({@link Sessions}).
 * Everything is escaped ({@link Html}); pages load nothing from elsewhere and run no script.
 */
public final class WebUi {
  public static final String PREFIX = "/ui";
  static final String COOKIE = "patou_session";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);
  /** Event fields shown as the columns of a hit, the first present of each group. */
  private static final List<List<String>> SUMMARY = List.of(
      List.of("host.name", "Event.System.Computer", "winlog.computer_name"),
      List.of("event.dataset", "Event.System.Channel", "process.name", "log.syslog.appname"),
      List.of("message", "event.original", "Event.EventData.CommandLine", "Event.EventData.TargetFilename",
          "Event.EventData.TargetObject", "url.original"));

  /** What the pages read; the server hands in its parts. */
  public interface Backend {
    EventStore events();

    AlertStore alerts();

    /** Counters shown at the top, in order (label → value). */
    Map<String, Long> counters() throws IOException, SQLException;
  }

  private final Backend backend;
  private final Predicate<String> tokenCheck;
  private final Sessions sessions;

  /**
   * @param tokenCheck true for a valid API token (the sign-in form)
   */
  public WebUi(Backend backend, Predicate<String> tokenCheck, Sessions sessions) {
    this.backend = backend;
    this.tokenCheck = tokenCheck;
    this.sessions = sessions;
  }

  public Sessions sessions() {
    return sessions;
  }

  /** Adds the pages' routes (not part of the API, so not in its route list). */
  public void register(JavalinConfig cfg) {
    cfg.routes.addHttpHandler(HandlerType.GET, PREFIX, this::home);
    cfg.routes.addHttpHandler(HandlerType.GET, PREFIX + "/events", this::events);
    cfg.routes.addHttpHandler(HandlerType.GET, PREFIX + "/alerts/{id}", this::alert);
    cfg.routes.addHttpHandler(HandlerType.GET, PREFIX + "/login", this::loginPage);
    cfg.routes.addHttpHandler(HandlerType.POST, PREFIX + "/login", this::login);
    cfg.routes.addHttpHandler(HandlerType.POST, PREFIX + "/logout", this::logout);
  }

  /** True for paths this class serves. */
  public static boolean handles(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  /**
   * The before-handler for {@code /ui}: the sign-in page is open, every other page needs a session
   * (else a redirect to sign in). Returns true when the request may go on.
   */
  public boolean admit(Context ctx) {
    if (ctx.path().equals(PREFIX + "/login")) {
      return true;
    }
    if (sessions.check(ctx.cookie(COOKIE))) {
      return true;
    }
    ctx.redirect(PREFIX + "/login");
    return false;
  }

  private void loginPage(Context ctx) {
    String code = ctx.queryParam("code");
    if (code != null) {
      if (sessions.redeem(code)) {
        signIn(ctx);
        return;
      }
      page(ctx, 401, "Sign in", "", form("That sign-in link was used already or is too old: sign in with a token."));
      return;
    }
    page(ctx, 200, "Sign in", "", form(null));
  }

  private static String form(String problem) {
    return (problem == null ? "" : "<p class=warn>" + esc(problem) + "</p>")
        + "<form method=post action=\"" + PREFIX + "/login\" class=login>"
        + "<label>API token <input type=password name=token autocomplete=off autofocus></label> "
        + "<button>Sign in</button></form>"
        + "<p class=dim>The admin token is printed once at the first start of <code>patou serve</code> "
        + "(or kept in the file given with <code>--admin-token-file</code>).</p>";
  }

  private void login(Context ctx) {
    if (tokenCheck.test(ctx.formParam("token"))) {
      signIn(ctx);
    } else {
      page(ctx, 401, "Sign in", "", form("Unknown token."));
    }
  }

  private void signIn(Context ctx) {
    ctx.cookie(new Cookie(COOKIE, sessions.open(), PREFIX, -1, false, true, null, SameSite.STRICT));
    ctx.redirect(PREFIX);
  }

  private void logout(Context ctx) {
    sessions.close(ctx.cookie(COOKIE));
    ctx.removeCookie(COOKIE, PREFIX);
    ctx.redirect(PREFIX + "/login");
  }

  private void home(Context ctx) throws IOException, SQLException {
    Window w = Window.of(ctx.queryParam("window"));
    StringBuilder b = new StringBuilder();
    b.append("<section class=counters>");
    for (Map.Entry<String, Long> c : backend.counters().entrySet()) {
      b.append("<div><b>").append(String.format(java.util.Locale.ROOT, "%,d", c.getValue())).append("</b><span>")
          .append(esc(c.getKey())).append("</span></div>");
    }
    b.append("</section>");
    long now = System.currentTimeMillis();
    long step = w.ms / BARS;
    long from = (now / step + 1) * step - w.ms;
    long[] counts = backend.events().receivedHistogram(from, step, BARS);
    b.append("<h2>Events received, last ").append(w.label).append(" <small>");
    for (Window o : Window.values()) {
      b.append(o == w ? "<b>" + o.label + "</b>" : "<a href=\"" + PREFIX + "?window=" + o.param + "\">" + o.label + "</a>").append(' ');
    }
    b.append("</small></h2>").append(chart(counts, from, step));
    b.append(searchForm("", "", ""));
    AlertStore.Page alerts = backend.alerts().search(null, Long.MIN_VALUE, Long.MAX_VALUE, 50);
    b.append("<h2>Recent alerts <small>").append(alerts.alerts().size()).append(" of ").append(alerts.total())
        .append(", newest first by event time</small></h2>");
    b.append(alertTable(alerts.alerts()));
    page(ctx, 200, "patou", "", b.toString());
  }

  static final int BARS = 60;

  /** The windows the rate chart offers (60 bars each). */
  enum Window {
    MINUTES_10("10m", "10 minutes", 600_000L), HOUR("1h", "hour", 3_600_000L), DAY("24h", "24 hours", 86_400_000L);

    final String param;
    final String label;
    final long ms;

    Window(String param, String label, long ms) {
      this.param = param;
      this.label = label;
      this.ms = ms;
    }

    static Window of(String s) {
      for (Window w : values()) {
        if (w.param.equals(s)) {
          return w;
        }
      }
      return HOUR;
    }
  }

  /** Bars as inline SVG: height relative to the busiest bucket, a title per bar for its count. */
  static String chart(long[] counts, long from, long step) {
    long max = 1;
    long total = 0;
    for (long c : counts) {
      max = Math.max(max, c);
      total += c;
    }
    int width = 720;
    int height = 120;
    double bw = (double) width / counts.length;
    StringBuilder b = new StringBuilder();
    b.append("<svg class=chart viewBox=\"0 0 ").append(width).append(' ').append(height + 18)
        .append("\" role=img aria-label=\"").append(total).append(" events received\">");
    for (int i = 0; i < counts.length; i++) {
      double h = counts[i] == 0 ? 0 : Math.max(1, (double) counts[i] * height / max);
      b.append(String.format(java.util.Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %d</title></rect>",
          i * bw + 1, height - h, Math.max(1, bw - 2), h, HOUR_MINUTE.format(Instant.ofEpochMilli(from + i * step)), counts[i]));
    }
    b.append("<text x=\"0\" y=\"").append(height + 14).append("\">").append(HOUR_MINUTE.format(Instant.ofEpochMilli(from)))
        .append(" UTC</text><text x=\"").append(width).append("\" y=\"").append(height + 14)
        .append("\" text-anchor=end>now</text><text x=\"").append(width).append("\" y=\"12\" text-anchor=end>max ")
        .append(max).append("/bar, ").append(total).append(" in all</text></svg>");
    return b.toString();
  }

  private static String searchForm(String q, String from, String to) {
    return "<form class=search method=get action=\"" + PREFIX + "/events\">"
        + "<input name=q size=60 placeholder='Lucene query, e.g. host.name:web01 AND source.ip:203.0.113.*' value=\"" + esc(q) + "\"> "
        + "<label>from <input name=from size=22 placeholder='2026-11-26T00:00:00Z' value=\"" + esc(from) + "\"></label> "
        + "<label>to <input name=to size=22 value=\"" + esc(to) + "\"></label> <button>Search events</button></form>";
  }

  private String alertTable(List<Alert> list) {
    if (list.isEmpty()) {
      return "<p class=dim>No alert yet.</p>";
    }
    StringBuilder b = new StringBuilder("<table><tr><th>event time (UTC)</th><th>level</th><th>rule</th><th>entities</th><th>events</th></tr>");
    for (Alert a : list) {
      b.append("<tr><td>").append(TIME.format(Instant.ofEpochMilli(a.timestamp()))).append("</td><td><span class=\"lv ")
          .append(esc(a.level())).append("\">").append(esc(a.level())).append("</span></td><td><a href=\"").append(PREFIX)
          .append("/alerts/").append(a.id()).append("\">").append(esc(a.ruleTitle())).append("</a></td><td>");
      a.entities().forEach((k, v) -> b.append("<span class=ent>").append(esc(k)).append(": ").append(esc(cut(String.join(", ", v), 80))).append("</span> "));
      b.append("</td><td><a href=\"").append(PREFIX).append("/events?q=").append(url(idQuery(a.eventIds()))).append("\">")
          .append(a.eventIds().size()).append("</a></td></tr>");
    }
    return b.append("</table>").toString();
  }

  static String idQuery(List<String> ids) {
    StringBuilder b = new StringBuilder("_id:(");
    for (int i = 0; i < ids.size() && i < 100; i++) {
      b.append(i == 0 ? "" : " OR ").append(ids.get(i).replaceAll("[^0-9A-Za-z_-]", ""));
    }
    return b.append(')').toString();
  }

  private void events(Context ctx) throws IOException {
    String q = ctx.queryParam("q");
    String from = ctx.queryParam("from");
    String to = ctx.queryParam("to");
    StringBuilder b = new StringBuilder(searchForm(q == null ? "" : q, from == null ? "" : from, to == null ? "" : to));
    EventStore.Page p;
    try {
      p = backend.events().search(q, instant(from, "from", Long.MIN_VALUE), instant(to, "to", Long.MAX_VALUE), 200);
    } catch (IllegalArgumentException e) {
      b.append("<p class=warn>").append(esc(e.getMessage())).append("</p>");
      page(ctx, 400, "Events", "events", b.toString());
      return;
    }
    b.append("<h2>").append(p.total()).append(" events <small>")
        .append(p.hits().size() < p.total() ? "the newest " + p.hits().size() + " shown, " : "").append("newest first</small></h2>");
    b.append(eventTable(p.hits()));
    page(ctx, 200, "Events", "events", b.toString());
  }

  private static long instant(String v, String name, long dflt) {
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Instant.parse(v.trim()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": an ISO-8601 instant is needed, e.g. 2026-11-26T08:00:00Z");
    }
  }

  private static String eventTable(List<EventStore.Hit> hits) throws IOException {
    if (hits.isEmpty()) {
      return "<p class=dim>Nothing matches.</p>";
    }
    StringBuilder b = new StringBuilder("<table><tr><th>time (UTC)</th><th>id</th><th>host</th><th>source</th><th>what</th></tr>");
    for (EventStore.Hit h : hits) {
      JsonNode ev = MAPPER.readTree(h.sourceJson());
      b.append("<tr><td>").append(TIME.format(Instant.ofEpochMilli(h.timestamp()))).append("</td><td>").append(esc(h.id())).append("</td>");
      for (List<String> group : SUMMARY) {
        b.append("<td>").append(esc(cut(first(ev, group), 160))).append("</td>");
      }
      b.append("</tr><tr class=detail><td colspan=5><details><summary>all fields</summary><pre>")
          .append(esc(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ev))).append("</pre></details></td></tr>");
    }
    return b.append("</table>").toString();
  }

  /** The first of the fields present, dotted names looked up flat then nested. */
  static String first(JsonNode ev, List<String> fields) {
    for (String f : fields) {
      JsonNode v = ev.get(f);
      if (v == null) {
        v = ev;
        for (String part : f.split("\\.")) {
          v = v == null ? null : v.get(part);
        }
      }
      if (v != null && !v.isNull() && !v.isContainerNode()) {
        return v.asText();
      }
    }
    return "";
  }

  private void alert(Context ctx) throws IOException, SQLException {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      page(ctx, 404, "Alert", "", "<p class=warn>No such alert.</p>");
      return;
    }
    Alert a = backend.alerts().get(id);
    if (a == null) {
      page(ctx, 404, "Alert", "", "<p class=warn>No such alert.</p>");
      return;
    }
    StringBuilder b = new StringBuilder();
    b.append("<h2><span class=\"lv ").append(esc(a.level())).append("\">").append(esc(a.level())).append("</span> ")
        .append(esc(a.ruleTitle())).append("</h2><table class=kv>")
        .append("<tr><th>rule id</th><td>").append(esc(a.ruleId())).append("</td></tr>")
        .append("<tr><th>event time</th><td>").append(TIME.format(Instant.ofEpochMilli(a.timestamp()))).append(" UTC</td></tr>")
        .append("<tr><th>raised</th><td>").append(TIME.format(Instant.ofEpochMilli(a.created()))).append(" UTC</td></tr>");
    a.entities().forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(String.join(", ", v))).append("</td></tr>"));
    b.append("</table><h2>Its events</h2>");
    EventStore.Page p = backend.events().search(idQuery(a.eventIds()), Long.MIN_VALUE, Long.MAX_VALUE, 100);
    b.append(eventTable(p.hits()));
    page(ctx, 200, "Alert " + id, "", b.toString());
  }

  private static final String CSS = "body{font:14px system-ui,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}"
      + "header{background:#24323f;color:#fff;padding:8px 16px;display:flex;gap:18px;align-items:center}"
      + "header a{color:#dfe8f1;text-decoration:none}header a.on{font-weight:bold;color:#fff}header .sp{flex:1}"
      + "header form{margin:0}header button{background:none;border:1px solid #8aa;color:#dfe8f1;border-radius:3px}"
      + "main{padding:12px 16px;max-width:1400px}h2{font-size:16px;margin:18px 0 8px}small{font-weight:normal;color:#667}"
      + "table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e3e6ea;padding:4px 6px;"
      + "text-align:left;vertical-align:top}th{background:#eef1f4}tr.detail td{border-top:none;padding-top:0}"
      + "pre{white-space:pre-wrap;word-break:break-all;font-size:12px;margin:4px 0}.kv th{width:200px}"
      + ".counters{display:flex;gap:12px;flex-wrap:wrap}.counters div{background:#fff;border:1px solid #e3e6ea;"
      + "border-radius:4px;padding:8px 14px}.counters b{display:block;font-size:20px}.counters span{color:#667}"
      + ".chart{width:100%;max-width:900px;background:#fff;border:1px solid #e3e6ea}.chart rect{fill:#3b7dd8}"
      + ".chart text{font-size:11px;fill:#667}.search{margin:14px 0}.search input{padding:4px}"
      + ".lv{padding:1px 6px;border-radius:3px;background:#ccd}.lv.critical{background:#b3261e;color:#fff}"
      + ".lv.high{background:#e8710a;color:#fff}.lv.medium{background:#f9c74f}.lv.low{background:#bde0fe}"
      + ".ent{display:inline-block;background:#eef1f4;border-radius:3px;padding:0 4px;margin:1px 0;font-size:12px}"
      + ".warn{color:#b3261e}.dim{color:#667}.login{margin:24px 0}.login input{width:420px;padding:4px}";

  private static void page(Context ctx, int status, String title, String on, String body) {
    String nav = "<header><b>patou</b><a href=\"" + PREFIX + "\"" + ("".equals(on) && !"Sign in".equals(title) ? " class=on" : "")
        + ">overview</a><a href=\"" + PREFIX + "/events\"" + ("events".equals(on) ? " class=on" : "") + ">events</a>"
        + "<span class=sp></span>"
        + ("Sign in".equals(title) ? "" : "<form method=post action=\"" + PREFIX + "/logout\"><button>sign out</button></form>")
        + "</header>";
    ctx.status(status).header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'")
        .header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
        .html("<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width'><title>"
            + esc(title) + "</title><style>" + CSS + "</style></head><body>" + nav + "<main>" + body + "</main></body></html>");
  }
}
