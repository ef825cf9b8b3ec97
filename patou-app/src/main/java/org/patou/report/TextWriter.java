package org.patou.report;

import java.util.Locale;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;

/**
 * A table for people: one row per detection (time in the chosen zone, level, rule, host, user,
 * file), then counts by level and by rule, then the figures of the run. Control characters in event
 * values are shown as {@code ?} so a hostile log cannot drive the terminal.
 */
public final class TextWriter implements DetectionWriter {
  private static final int RULE_WIDTH = 56;
  private final PrintWriter out;
  private final DateTimeFormatter time;
  private final Map<Level, Integer> byLevel = new EnumMap<>(Level.class);
  private final Map<String, int[]> byRule = new LinkedHashMap<>();
  private final Map<String, RuleInfo> rules = new LinkedHashMap<>();
  private int unsetLevel;
  private boolean header;

  public TextWriter(PrintWriter out, ZoneId zone) {
    this.out = out;
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
  }

  @Override
  public void write(Finding f) {
    if (!header) {
      out.printf(Locale.ROOT, "%-19s  %-13s  %-" + RULE_WIDTH + "s  %-18s  %-16s  %s%n", "TIME", "LEVEL", "RULE", "HOST", "USER", "FILE");
      header = true;
    }
    Detection d = f.detection();
    RuleInfo r = d.rule();
    String t = d.timestamp() == Long.MIN_VALUE ? "-" : time.format(Instant.ofEpochMilli(d.timestamp()));
    out.printf(Locale.ROOT, "%-19s  %-13s  %-" + RULE_WIDTH + "s  %-18s  %-16s  %s%n",
        t,
        EventFields.label(r.level()),
        cut(clean(r.title()), RULE_WIDTH),
        cut(clean(orDash(EventFields.host(d.event()))), 18),
        cut(clean(orDash(EventFields.user(d.event()))), 16),
        clean(f.file()));
    if (r.level() == null) {
      unsetLevel++;
    } else {
      byLevel.merge(r.level(), 1, Integer::sum);
    }
    String key = r.id() != null ? r.id() : r.title();
    byRule.computeIfAbsent(key, k -> new int[1])[0]++;
    rules.putIfAbsent(key, r);
  }

  @Override
  public void end(Summary s) throws IOException {
    if (s.detections() == 0) {
      out.println("No detections.");
    } else {
      out.println();
      out.println("By level:");
      for (Level l : reversed(Level.values())) {
        Integer n = byLevel.get(l);
        if (n != null) {
          out.printf(Locale.ROOT, "  %-13s %6d%n", l.label(), n);
        }
      }
      if (unsetLevel > 0) {
        out.printf(Locale.ROOT, "  %-13s %6d%n", "unset", unsetLevel);
      }
      out.println();
      out.println("By rule:");
      List<Map.Entry<String, int[]>> sorted = new ArrayList<>(byRule.entrySet());
      sorted.sort(
          (a, b) -> {
            int la = levelRank(rules.get(a.getKey()).level());
            int lb = levelRank(rules.get(b.getKey()).level());
            return la != lb ? lb - la : b.getValue()[0] - a.getValue()[0];
          });
      for (Map.Entry<String, int[]> e : sorted) {
        RuleInfo r = rules.get(e.getKey());
        out.printf(Locale.ROOT, "  %6d  %-13s %s%s%n", e.getValue()[0], EventFields.label(r.level()), clean(r.title()),
            r.id() == null ? "" : "  (" + r.id() + ")");
      }
    }
    out.println();
    out.printf(Locale.ROOT, "%d detections in %d records from %d of %d files (%d skipped, %d unreadable), %d rules, %.1f s%n",
        s.detections(), s.records(), s.filesRead(), s.files(), s.skipped(), s.problems().size(), s.rulesLoaded(), s.millis() / 1000.0);
    out.flush();
  }

  private static int levelRank(Level l) {
    return l == null ? -1 : l.ordinal();
  }

  private static Level[] reversed(Level[] a) {
    Level[] r = new Level[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

  private static String cut(String s, int w) {
    return s.length() <= w ? s : s.substring(0, w - 1) + "…";
  }

  /** Replaces control characters so values cannot move the cursor or change colours. */
  public static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        if (sb == null) {
          sb = new StringBuilder(s.substring(0, i));
        }
        sb.append('?');
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
