package org.patou.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.patou.inventory.ParseException;

/**
 * The Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json):
 * {@code {sourcePackage: {CVE-id: {releases: {codename: {status, fixed_version, urgency}}}}}}. Per
 * release: {@code resolved} with a fixed version gives "affected below it" ({@code 0} means never
 * affected: skipped); {@code open} gives "affected, no fix yet"; {@code undetermined} and urgency
 * {@code unimportant} (Debian: no security impact) are skipped. Package names are source packages,
 * matched against the {@code Source:} of installed binary packages. Namespace {@code debian:<n>}.
 */
public final class DebianTrackerParser {
  private DebianTrackerParser() {}

  /** True when the JSON has the tracker's shape (first value maps ids to objects with releases). */
  public static boolean looksLikeTracker(JsonNode root) {
    if (!root.isObject() || root.isEmpty()) {
      return false;
    }
    JsonNode first = root.elements().next();
    if (!first.isObject() || first.isEmpty()) {
      return false;
    }
    return first.elements().next().has("releases");
  }

  public static FeedData parse(String file, JsonNode root) throws ParseException {
    List<Advisory> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> pkgs = root.fields();
    while (pkgs.hasNext()) {
      Map.Entry<String, JsonNode> p = pkgs.next();
      Iterator<Map.Entry<String, JsonNode>> ids = p.getValue().fields();
      while (ids.hasNext()) {
        Map.Entry<String, JsonNode> v = ids.next();
        String rec = p.getKey() + "/" + v.getKey();
        JsonNode releases = v.getValue().path("releases");
        if (!releases.isObject()) {
          throw new ParseException(file, rec, "releases missing");
        }
        Iterator<Map.Entry<String, JsonNode>> rels = releases.fields();
        while (rels.hasNext()) {
          Map.Entry<String, JsonNode> r = rels.next();
          String status = KevParser.text(r.getValue(), "status");
          String fixed = KevParser.text(r.getValue(), "fixed_version");
          String urgency = KevParser.text(r.getValue(), "urgency");
          if (status == null) {
            throw new ParseException(file, rec + "/" + r.getKey(), "status missing");
          }
          if ("unimportant".equals(urgency) || "undetermined".equals(status)) {
            continue;
          }
          Advisory.Range range;
          if ("resolved".equals(status)) {
            if (fixed == null || fixed.equals("0")) {
              continue;
            }
            range = new Advisory.Range(null, fixed, null);
          } else if ("open".equals(status)) {
            range = new Advisory.Range(null, null, null);
          } else {
            continue;
          }
          out.add(new Advisory(v.getKey(), List.of(), Namespace.debianRelease(r.getKey()), p.getKey(),
              List.of(range), List.of(), "debian-tracker"));
        }
      }
    }
    return FeedData.advisories("debian-tracker", null, out);
  }
}
