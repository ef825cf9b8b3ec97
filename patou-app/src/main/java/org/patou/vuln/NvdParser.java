package org.patou.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.patou.inventory.ParseException;

/**
 * NVD CVE API 2.0 JSON ({@code {format: "NVD_CVE", vulnerabilities: [{cve: {id, metrics}}]}}): only
 * the CVSS base score is taken, preferring v3.1, then v4.0, v3.0, v2, and the NVD's own ("Primary")
 * metric when there are several.
 */
public final class NvdParser {
  private NvdParser() {}

  public static boolean looksLikeNvd(JsonNode root) {
    return root.isObject()
        && ("NVD_CVE".equals(KevParser.text(root, "format"))
            || (root.path("vulnerabilities").isArray()
                && root.path("vulnerabilities").path(0).has("cve")));
  }

  public static FeedData parse(String file, String key, JsonNode root) throws ParseException {
    JsonNode vulns = root.path("vulnerabilities");
    List<FeedData.CvssEntry> out = new ArrayList<>();
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode cve = vulns.get(i).path("cve");
      String id = KevParser.text(cve, "id");
      if (id == null || !KevParser.CVE.matcher(id).matches()) {
        throw new ParseException(file, "vulnerabilities[" + i + "]", "cve.id missing or not a CVE id: " + id);
      }
      JsonNode metrics = cve.path("metrics");
      for (String m : List.of("cvssMetricV31", "cvssMetricV40", "cvssMetricV30", "cvssMetricV2")) {
        JsonNode list = metrics.path(m);
        if (!list.isArray() || list.isEmpty()) {
          continue;
        }
        JsonNode pick = list.get(0);
        for (JsonNode x : list) {
          if ("Primary".equals(KevParser.text(x, "type"))) {
            pick = x;
            break;
          }
        }
        JsonNode data = pick.path("cvssData");
        if (!data.path("baseScore").isNumber()) {
          throw new ParseException(file, "vulnerabilities[" + i + "] (" + id + ")", m + " without numeric baseScore");
        }
        double s = data.path("baseScore").asDouble();
        if (s < 0 || s > 10) {
          throw new ParseException(file, "vulnerabilities[" + i + "] (" + id + ")", "baseScore outside 0-10: " + s);
        }
        out.add(new FeedData.CvssEntry(id, s, KevParser.text(data, "version"), KevParser.text(data, "vectorString")));
        break;
      }
    }
    return FeedData.cvss(key, KevParser.text(root, "timestamp"), out);
  }
}
