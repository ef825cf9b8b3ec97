package org.patou.vuln;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.patou.inventory.Asset;
import org.patou.inventory.Door;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.Software;

/**
 * Builds the patch plan from the store: every finding scored by {@link Scorer}, sorted most urgent
 * first (score, then KEV, EPSS, CVSS, then asset, package, id for a stable order). The "this week"
 * list is the findings of the first {@code weekActions} upgrade actions, an action being one
 * (asset, package) pair: a small team upgrades packages, not CVEs.
 */
public final class PatchPlan {
  private PatchPlan() {}

  public static final int DEFAULT_WEEK_ACTIONS = 10;
  static final Duration ATTACK_WINDOW = Duration.ofDays(30);

  public static List<PlanEntry> build(InventoryStore store, String assetName, int weekActions, Instant now)
      throws SQLException {
    List<Finding> findings = store.findings(assetName);
    Map<String, Asset> assets = new HashMap<>();
    Map<String, List<Door>> doors = new HashMap<>();
    Map<String, Map<String, String>> sources = new HashMap<>();
    Map<String, Boolean> attacked = new HashMap<>();
    List<PlanEntry> raw = new ArrayList<>();
    for (Finding f : findings) {
      String ak = Asset.key(f.asset());
      if (!assets.containsKey(ak)) {
        assets.put(ak, store.asset(f.asset()));
        doors.put(ak, store.doors(f.asset()).stream().filter(Door::exposed).toList());
        Map<String, String> src = new HashMap<>();
        for (Software s : store.software(f.asset())) {
          if (s.sourceName() != null) {
            src.put(s.name(), s.sourceName());
          }
        }
        sources.put(ak, src);
        attacked.put(ak, !store.attacksSince(f.asset(), now.minus(ATTACK_WINDOW)).isEmpty());
      }
      Set<String> exposedOn = new LinkedHashSet<>();
      Set<String> assetExposed = new LinkedHashSet<>();
      Map<String, Set<String>> how = new HashMap<>();
      for (Door d : doors.get(ak)) {
        assetExposed.add(d.label());
        if (DoorLinks.serves(d, f.pkg(), sources.get(ak).get(f.pkg()))) {
          exposedOn.add(d.label());
          if (d.evidence() != null) {
            how.computeIfAbsent(d.label(), k -> new LinkedHashSet<>()).add(d.evidence());
          }
        }
      }
      Map<String, String> exposedHow = new HashMap<>();
      how.forEach((label, ev) -> exposedHow.put(label, String.join(" and ", ev)));
      String kev = store.kevDate(f.vulnerability());
      Double epss = store.epss(f.vulnerability());
      Double cvss = store.cvss(f.vulnerability());
      Asset a = assets.get(ak);
      Scorer.Input in = new Scorer.Input(f.pkg(), f.fixed(), kev, epss, cvss, List.copyOf(exposedOn),
          List.copyOf(assetExposed), a.criticality(), attacked.get(ak), exposedHow);
      raw.add(new PlanEntry(0, false, a.name(), f.pkg(), f.installed(), f.fixed(), f.namespace(), f.vulnerability(), f.aliases(),
          kev != null, kev, epss, cvss, in.exposedOn(), a.criticality(), in.attacked(), Scorer.score(in),
          Scorer.reason(in)));
    }
    raw.sort(ORDER);
    List<PlanEntry> out = new ArrayList<>(raw.size());
    Set<String> actions = new LinkedHashSet<>();
    int rank = 0;
    for (PlanEntry e : raw) {
      String action = Asset.key(e.asset()) + "\u0000" + e.package_();
      boolean week = actions.contains(action) || actions.size() < weekActions;
      if (week) {
        actions.add(action);
      }
      out.add(new PlanEntry(++rank, week, e.asset(), e.package_(), e.installed(), e.fixed(), e.namespace(), e.vulnerability(),
          e.aliases(), e.kev(), e.kevDateAdded(), e.epss(), e.cvss(), e.exposedOn(), e.criticality(), e.attacked(),
          e.score(), e.reason()));
    }
    return out;
  }

  static final Comparator<PlanEntry> ORDER = Comparator.comparingDouble(PlanEntry::score).reversed()
      .thenComparing(PlanEntry::kev, Comparator.reverseOrder())
      .thenComparing(e -> e.epss() == null ? -1 : e.epss(), Comparator.reverseOrder())
      .thenComparing(e -> e.cvss() == null ? -1 : e.cvss(), Comparator.reverseOrder())
      .thenComparing(PlanEntry::asset).thenComparing(PlanEntry::package_).thenComparing(PlanEntry::vulnerability);

  /** The plan as readable text: this week's upgrades grouped by action, then the rest. */
  public static String text(List<PlanEntry> plan) {
    StringBuilder sb = new StringBuilder();
    if (plan.isEmpty()) {
      return "No findings: nothing to patch (or no feeds imported: see patou feeds import).\n";
    }
    sb.append("THIS WEEK\n");
    appendGroups(sb, plan.stream().filter(PlanEntry::thisWeek).toList());
    List<PlanEntry> later = plan.stream().filter(e -> !e.thisWeek()).toList();
    if (!later.isEmpty()) {
      sb.append("\nLATER (").append(later.size()).append(" findings)\n");
      for (PlanEntry e : later) {
        sb.append(String.format(Locale.ROOT, "%4d  %6.1f  %s  %s %s  %s%n", e.rank(), e.score(), e.asset(),
            e.package_(), e.installed(), e.vulnerability()));
      }
    }
    return sb.toString();
  }

  private static void appendGroups(StringBuilder sb, List<PlanEntry> week) {
    Map<String, List<PlanEntry>> groups = new java.util.LinkedHashMap<>();
    for (PlanEntry e : week) {
      groups.computeIfAbsent(e.asset() + "\u0000" + e.package_(), k -> new ArrayList<>()).add(e);
    }
    int n = 0;
    for (List<PlanEntry> g : groups.values()) {
      PlanEntry top = g.get(0);
      String target = upgradeTarget(g);
      sb.append(String.format(Locale.ROOT, "%2d. %s: %s %s -> %s  (score %.1f, %d vulnerabilit%s)%n", ++n,
          top.asset(), top.package_(), top.installed(), target == null ? "no fix yet" : target, top.score(),
          g.size(), g.size() == 1 ? "y" : "ies"));
      for (PlanEntry e : g) {
        sb.append(String.format(Locale.ROOT, "      %-18s %6.1f  %s%n", e.vulnerability(), e.score(), e.reason()));
      }
    }
  }

  /** The highest fixed version of a group: the one upgrade that fixes them all (null if none). */
  static String upgradeTarget(List<PlanEntry> g) {
    Versions v = new Versions();
    String best = null;
    for (PlanEntry e : g) {
      if (e.fixed() == null) {
        continue;
      }
      if (best == null) {
        best = e.fixed();
        continue;
      }
      String scheme = Namespace.scheme(e.namespace());
      if (v.parse(scheme, e.fixed()) != null && v.parse(scheme, best) != null && v.compare(scheme, e.fixed(), best) > 0) {
        best = e.fixed();
      }
    }
    return best;
  }

  /** The plan as a JSON array of findings (fields documented in docs/inventory.md). */
  public static String json(List<PlanEntry> plan) {
    ObjectMapper m = new ObjectMapper();
    ArrayNode arr = m.createArrayNode();
    for (PlanEntry e : plan) {
      ObjectNode o = arr.addObject();
      o.put("rank", e.rank());
      o.put("thisWeek", e.thisWeek());
      o.put("asset", e.asset());
      o.put("package", e.package_());
      o.put("installed", e.installed());
      o.put("fixed", e.fixed());
      o.put("namespace", e.namespace());
      o.put("vulnerability", e.vulnerability());
      ArrayNode al = o.putArray("aliases");
      e.aliases().forEach(al::add);
      o.put("kev", e.kev());
      o.put("kevDateAdded", e.kevDateAdded());
      o.put("epss", e.epss());
      o.put("cvss", e.cvss());
      ArrayNode ex = o.putArray("exposedOn");
      e.exposedOn().forEach(ex::add);
      o.put("criticality", e.criticality());
      o.put("attacked", e.attacked());
      o.put("score", e.score());
      o.put("reason", e.reason());
    }
    try {
      return m.writerWithDefaultPrettyPrinter().writeValueAsString(arr) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The plan as RFC 4180 CSV with a header row. */
  public static String csv(List<PlanEntry> plan) {
    StringBuilder sb = new StringBuilder(
        "rank,this_week,asset,package,installed,fixed,vulnerability,kev,kev_date_added,epss,cvss,exposed_on,criticality,attacked,score,reason\r\n");
    for (PlanEntry e : plan) {
      List<String> f = List.of(String.valueOf(e.rank()), String.valueOf(e.thisWeek()), e.asset(), e.package_(),
          e.installed(), e.fixed() == null ? "" : e.fixed(), e.vulnerability(), String.valueOf(e.kev()),
          e.kevDateAdded() == null ? "" : e.kevDateAdded(), e.epss() == null ? "" : String.valueOf(e.epss()),
          e.cvss() == null ? "" : String.valueOf(e.cvss()), String.join(" ", e.exposedOn()),
          String.valueOf(e.criticality()), String.valueOf(e.attacked()), String.valueOf(e.score()), e.reason());
      for (int i = 0; i < f.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        String v = f.get(i);
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
          sb.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
          sb.append(v);
        }
      }
      sb.append("\r\n");
    }
    return sb.toString();
  }
}
