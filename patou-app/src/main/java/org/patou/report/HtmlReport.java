package org.patou.report;

import java.util.Locale;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;

/**
 * One self-contained HTML file for a hunt: figures, detections by level and by rule, hosts and users
 * involved, a timeline (inline SVG) and the table of detections with each event's fields in a
 * {@code <details>} element. No external resource of any kind: CSS, the small filter script and the
 * chart are inline, and a Content-Security-Policy forbids loading anything.
 *
 * <p>Every text that comes from a rule or an event is HTML-escaped ({@link #esc}). Aggregates count
 * every detection; the table keeps the first {@link #MAX_ROWS}.
 */
public final class HtmlReport {
  public static final int MAX_ROWS = 10_000;
  private static final int BUCKETS = 60;

  private final ZoneId zone;
  private final DateTimeFormatter time;
  private final List<Finding> rows = new ArrayList<>();
  private final Map<Level, Integer> byLevel = new EnumMap<>(Level.class);
  private final Map<String, int[]> byRule = new LinkedHashMap<>();
  private final Map<String, RuleInfo> rules = new HashMap<>();
  private final Map<String, int[]> hosts = new HashMap<>();
  private final Map<String, int[]> users = new HashMap<>();
  private final List<long[]> times = new ArrayList<>(); // {epochMs, level ordinal or -1}
  private long total;

  public HtmlReport(ZoneId zone) {
    this.zone = zone;
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
  }

  /** Counts one detection and keeps it for the table (up to {@link #MAX_ROWS}). */
  public void add(Finding f) {
    Detection d = f.detection();
    RuleInfo r = d.rule();
    total++;
    if (rows.size() < MAX_ROWS) {
      rows.add(f);
    }
    if (r.level() != null) {
      byLevel.merge(r.level(), 1, Integer::sum);
    }
    String key = r.id() != null ? r.id() : r.title();
    byRule.computeIfAbsent(key, k -> new int[1])[0]++;
    rules.putIfAbsent(key, r);
    String h = EventFields.host(d.event());
    if (h != null) {
      hosts.computeIfAbsent(h, k -> new int[1])[0]++;
    }
    String u = EventFields.user(d.event());
    if (u != null) {
      users.computeIfAbsent(u, k -> new int[1])[0]++;
    }
    if (d.timestamp() != Long.MIN_VALUE) {
      times.add(new long[] {d.timestamp(), r.level() == null ? -1 : r.level().ordinal()});
    }
  }

  /** Writes the report atomically (a temporary file renamed into place). */
  public void write(Path file, Summary s, String title) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    // Not createTempFile: its owner-only permissions would stay on the report.
    Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + System.nanoTime());
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      render(w, s, title);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Renders the page. */
  public void render(Writer w, Summary s, String title) throws IOException {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
    b.append("<h1>").append(esc(title)).append("</h1>\n");
    b.append("<p class=\"meta\">Generated ").append(esc(time.format(Instant.now()))).append(" (")
        .append(esc(zone.getId())).append(") by patou. ")
        .append(s.detections()).append(" detections in ").append(s.records()).append(" records from ")
        .append(s.filesRead()).append(" of ").append(s.files()).append(" files; ")
        .append(s.rulesLoaded()).append(" rules.</p>\n");
    if (!s.problems().isEmpty()) {
      b.append("<div class=\"warn\"><strong>Inputs not read:</strong><ul>");
      for (String p : s.problems()) {
        b.append("<li>").append(esc(p)).append("</li>");
      }
      b.append("</ul></div>\n");
    }
    // Levels
    b.append("<section><h2>By level</h2><div class=\"levels\">");
    for (int i = Level.values().length - 1; i >= 0; i--) {
      Level l = Level.values()[i];
      b.append("<div class=\"lvl l-").append(l.label()).append("\"><span>")
          .append(byLevel.getOrDefault(l, 0)).append("</span>").append(l.label()).append("</div>");
    }
    b.append("</div></section>\n");
    timeline(b);
    // Rules
    b.append("<section><h2>By rule</h2><table><thead><tr><th>Detections</th><th>Level</th><th>Rule</th><th>Id</th><th>File</th></tr></thead><tbody>");
    List<Map.Entry<String, int[]>> sorted = new ArrayList<>(byRule.entrySet());
    sorted.sort((x, y) -> {
      int lx = rank(rules.get(x.getKey()).level());
      int ly = rank(rules.get(y.getKey()).level());
      return lx != ly ? ly - lx : y.getValue()[0] - x.getValue()[0];
    });
    for (Map.Entry<String, int[]> e : sorted) {
      RuleInfo r = rules.get(e.getKey());
      b.append("<tr><td class=\"n\">").append(e.getValue()[0]).append("</td><td>").append(badge(r.level()))
          .append("</td><td>").append(esc(r.title())).append("</td><td class=\"mono\">").append(esc(r.id()))
          .append("</td><td class=\"mono\">").append(esc(r.file())).append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
    // Hosts and users
    b.append("<section class=\"two\"><div><h2>Hosts</h2>");
    counts(b, hosts);
    b.append("</div><div><h2>Users</h2>");
    counts(b, users);
    b.append("</div></section>\n");
    // Detections
    b.append("<section><h2>Detections</h2>");
    if (total > rows.size()) {
      b.append("<p class=\"warn\">The table shows the first ").append(rows.size()).append(" of ")
          .append(total).append(" detections; use <code>--format jsonl</code> for all.</p>");
    }
    b.append("<p><input id=\"q\" type=\"search\" placeholder=\"Filter rows (text)\" aria-label=\"Filter\"></p>");
    b.append("<table id=\"det\"><thead><tr><th>Time</th><th>Level</th><th>Rule</th><th>Host</th><th>User</th><th>File</th><th>Event</th></tr></thead><tbody>\n");
    for (Finding f : rows) {
      Detection d = f.detection();
      b.append("<tr><td class=\"mono\">")
          .append(d.timestamp() == Long.MIN_VALUE ? "-" : esc(time.format(Instant.ofEpochMilli(d.timestamp()))))
          .append("</td><td>").append(badge(d.rule().level())).append("</td><td>").append(esc(d.rule().title()))
          .append("</td><td>").append(esc(EventFields.host(d.event()))).append("</td><td>")
          .append(esc(EventFields.user(d.event()))).append("</td><td class=\"mono\">").append(esc(f.file()))
          .append("</td><td><details><summary>").append(d.event().size()).append(" fields</summary><table class=\"ev\">");
      d.event().forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>")
          .append(esc(EventFields.text(v))).append("</td></tr>"));
      b.append("</table></details></td></tr>\n");
    }
    b.append("</tbody></table></section>\n<script>").append(JS).append("</script>\n</body></html>\n");
    w.write(b.toString());
  }

  private void timeline(StringBuilder b) {
    b.append("<section><h2>Timeline</h2>");
    if (times.isEmpty()) {
      b.append("<p>No detection carries a time.</p></section>\n");
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long[] t : times) {
      min = Math.min(min, t[0]);
      max = Math.max(max, t[0]);
    }
    long span = Math.max(1, max - min + 1);
    int levels = Level.values().length;
    int[][] counts = new int[BUCKETS][levels + 1];
    int peak = 1;
    for (long[] t : times) {
      int i = (int) Math.min(BUCKETS - 1, (t[0] - min) * BUCKETS / span);
      counts[i][(int) t[1] + 1]++;
    }
    for (int[] c : counts) {
      int sum = 0;
      for (int v : c) {
        sum += v;
      }
      peak = Math.max(peak, sum);
    }
    int w = 900;
    int h = 180;
    int left = 40;
    int bottom = 24;
    double bw = (w - left) / (double) BUCKETS;
    b.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(h)
        .append("\" role=\"img\" aria-label=\"Detections over time\" class=\"chart\">");
    b.append("<line x1=\"").append(left).append("\" y1=\"").append(h - bottom).append("\" x2=\"").append(w)
        .append("\" y2=\"").append(h - bottom).append("\" class=\"axis\"/>");
    b.append("<text x=\"").append(left - 4).append("\" y=\"12\" text-anchor=\"end\">").append(peak).append("</text>");
    b.append("<text x=\"").append(left - 4).append("\" y=\"").append(h - bottom).append("\" text-anchor=\"end\">0</text>");
    for (int i = 0; i < BUCKETS; i++) {
      double y = h - bottom;
      for (int l = 0; l <= levels; l++) {
        int n = counts[i][l];
        if (n == 0) {
          continue;
        }
        double bh = n * (h - bottom - 8) / (double) peak;
        y -= bh;
        String cls = l == 0 ? "unset" : Level.values()[l - 1].label();
        b.append(String.format(java.util.Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"b-%s\"><title>%d %s</title></rect>",
            left + i * bw + 1, y, Math.max(1, bw - 2), bh, cls, n, cls));
      }
    }
    b.append("<text x=\"").append(left).append("\" y=\"").append(h - 6).append("\">")
        .append(esc(time.format(Instant.ofEpochMilli(min)))).append("</text>");
    b.append("<text x=\"").append(w).append("\" y=\"").append(h - 6).append("\" text-anchor=\"end\">")
        .append(esc(time.format(Instant.ofEpochMilli(max)))).append("</text>");
    b.append("</svg></section>\n");
  }

  private static void counts(StringBuilder b, Map<String, int[]> m) {
    if (m.isEmpty()) {
      b.append("<p>None named.</p>");
      return;
    }
    List<Map.Entry<String, int[]>> l = new ArrayList<>(m.entrySet());
    l.sort((x, y) -> y.getValue()[0] != x.getValue()[0] ? y.getValue()[0] - x.getValue()[0] : x.getKey().compareTo(y.getKey()));
    b.append("<table><tbody>");
    int shown = 0;
    for (Map.Entry<String, int[]> e : l) {
      if (shown++ == 200) {
        b.append("<tr><td colspan=\"2\">… and ").append(l.size() - 200).append(" more</td></tr>");
        break;
      }
      b.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue()[0]).append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  private static int rank(Level l) {
    return l == null ? -1 : l.ordinal();
  }

  private static String badge(Level l) {
    String label = EventFields.label(l);
    return "<span class=\"badge l-" + label + "\">" + label + "</span>";
  }

  /** HTML-escapes text for element content and quoted attribute values; null gives "". */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            sb.append("&#xFFFD;");
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static final String CSS =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
      h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.2em 0 .4em}
      .meta{color:#555}.mono{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
      table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
      thead th{background:#eee;position:sticky;top:0}td.n{text-align:right}
      .levels{display:flex;gap:.6em;flex-wrap:wrap}.lvl{padding:.5em 1em;border-radius:6px;color:#fff;min-width:6em}
      .lvl span{display:block;font-size:1.6em;font-weight:bold}
      .l-critical,.b-critical{background:#7b1fa2;fill:#7b1fa2}.l-high,.b-high{background:#d32f2f;fill:#d32f2f}
      .l-medium,.b-medium{background:#f57c00;fill:#f57c00}.l-low,.b-low{background:#1976d2;fill:#1976d2}
      .l-informational,.b-informational{background:#607d8b;fill:#607d8b}.l-unset,.b-unset{background:#9e9e9e;fill:#9e9e9e}
      .badge{color:#fff;border-radius:4px;padding:0 5px;font-size:12px}
      .two{display:grid;grid-template-columns:1fr 1fr;gap:1em}.warn{background:#fff3e0;border:1px solid #f57c00;padding:.5em}
      .chart{width:100%;max-width:900px;background:#fff;border:1px solid #ddd}.chart text{font-size:10px;fill:#555}
      .axis{stroke:#999}table.ev{font-size:12px;margin-top:.3em}table.ev th{background:#f5f5f5;font-weight:normal;white-space:nowrap}
      table.ev td{word-break:break-all;white-space:pre-wrap;font-family:ui-monospace,monospace}
      """;

  private static final String JS =
      """
      (function(){var q=document.getElementById('q');if(!q)return;var rows=document.querySelectorAll('#det>tbody>tr');
      q.addEventListener('input',function(){var t=q.value.toLowerCase();for(var i=0;i<rows.length;i++){
      rows[i].style.display=!t||rows[i].textContent.toLowerCase().indexOf(t)>=0?'':'none';}});})();
      """;
}
