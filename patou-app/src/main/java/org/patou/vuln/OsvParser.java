package org.patou.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.patou.inventory.ParseException;

/**
 * OSV records (https://ossf.github.io/osv-schema/): one record per file, or an array of records
 * (a dump). Each {@code affected[]} entry with an ecosystem becomes one advisory; ECOSYSTEM and
 * SEMVER ranges are read as ordered {@code introduced}/{@code fixed}/{@code last_affected} events;
 * GIT ranges are ignored (no commit data on assets). {@code versions} lists are kept.
 */
public final class OsvParser {
  private OsvParser() {}

  /** True when the JSON looks like an OSV record or a list of them. */
  public static boolean looksLikeOsv(JsonNode n) {
    JsonNode first = n.isArray() && n.size() > 0 ? n.get(0) : n;
    return first.isObject() && first.has("id") && (first.has("affected") || first.has("modified"));
  }

  public static List<Advisory> parse(String file, JsonNode root, String feedKey) throws ParseException {
    List<Advisory> out = new ArrayList<>();
    if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        record(file, "[" + i + "]", root.get(i), feedKey, out);
      }
    } else {
      record(file, "record", root, feedKey, out);
    }
    return out;
  }

  private static void record(String file, String rec, JsonNode r, String feedKey, List<Advisory> out)
      throws ParseException {
    String id = KevParser.text(r, "id");
    if (id == null || id.isBlank()) {
      throw new ParseException(file, rec, "OSV record without id");
    }
    rec = rec + " (" + id + ")";
    if (r.has("withdrawn")) {
      return;
    }
    List<String> aliases = new ArrayList<>();
    for (JsonNode a : r.path("aliases")) {
      aliases.add(a.asText());
    }
    JsonNode affected = r.path("affected");
    if (!affected.isMissingNode() && !affected.isArray()) {
      throw new ParseException(file, rec, "affected is not an array");
    }
    for (int i = 0; i < affected.size(); i++) {
      JsonNode a = affected.get(i);
      String eco = KevParser.text(a.path("package"), "ecosystem");
      String name = KevParser.text(a.path("package"), "name");
      if (eco == null || name == null) {
        throw new ParseException(file, rec + " affected[" + i + "]", "package.ecosystem and package.name required");
      }
      List<Advisory.Range> ranges = new ArrayList<>();
      for (JsonNode range : a.path("ranges")) {
        String type = KevParser.text(range, "type");
        if ("GIT".equals(type)) {
          continue;
        }
        String intro = null;
        boolean open = false;
        JsonNode events = range.path("events");
        if (!events.isArray()) {
          throw new ParseException(file, rec + " affected[" + i + "]", "range without events");
        }
        for (JsonNode e : events) {
          if (e.has("introduced")) {
            if (open) {
              ranges.add(new Advisory.Range(intro, null, null));
            }
            intro = e.get("introduced").asText();
            open = true;
          } else if (e.has("fixed")) {
            ranges.add(new Advisory.Range(intro, e.get("fixed").asText(), null));
            open = false;
          } else if (e.has("last_affected")) {
            ranges.add(new Advisory.Range(intro, null, e.get("last_affected").asText()));
            open = false;
          } else if (e.has("limit")) {
            if (open) {
              ranges.add(new Advisory.Range(intro, e.get("limit").asText(), null));
              open = false;
            }
          } else {
            throw new ParseException(file, rec + " affected[" + i + "]", "unknown range event " + e);
          }
        }
        if (open) {
          ranges.add(new Advisory.Range(intro, null, null));
        }
      }
      List<String> versions = new ArrayList<>();
      for (JsonNode v : a.path("versions")) {
        versions.add(v.asText());
      }
      if (ranges.isEmpty() && versions.isEmpty()) {
        continue;
      }
      out.add(new Advisory(id, List.copyOf(aliases), Namespace.fromOsvEcosystem(eco), name,
          List.copyOf(ranges), List.copyOf(versions), feedKey));
    }
  }
}
