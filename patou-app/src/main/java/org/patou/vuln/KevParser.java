package org.patou.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.patou.inventory.ParseException;

/**
 * CISA's Known Exploited Vulnerabilities catalogue, as CSV ({@code cveID,vendorProject,...,
 * dateAdded,...}) or JSON ({@code {catalogVersion, vulnerabilities: [{cveID, dateAdded...}]}}).
 */
public final class KevParser {
  private KevParser() {}

  static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  public static FeedData parseCsv(String file, InputStream in) throws ParseException, IOException {
    Csv csv = new Csv(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    List<String> header = csv.next();
    if (header == null) {
      throw new ParseException(file, "line 1", "empty file");
    }
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      col.put(header.get(i).replace("\uFEFF", "").trim(), i);
    }
    for (String need : List.of("cveID", "dateAdded")) {
      if (!col.containsKey(need)) {
        throw new ParseException(file, "line 1", "KEV CSV header lacks " + need);
      }
    }
    List<FeedData.KevEntry> out = new ArrayList<>();
    List<String> r;
    while ((r = csv.next()) != null) {
      if (r.size() == 1 && r.get(0).isBlank()) {
        continue;
      }
      String rec = "line " + csv.recordLine();
      if (r.size() != header.size()) {
        throw new ParseException(file, rec, "expected " + header.size() + " fields, found " + r.size());
      }
      out.add(entry(file, rec, r.get(col.get("cveID")), r.get(col.get("dateAdded")),
          get(r, col, "dueDate"), get(r, col, "knownRansomwareCampaignUse"), get(r, col, "vulnerabilityName")));
    }
    return FeedData.kev(null, out);
  }

  private static String get(List<String> r, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    return i == null ? null : r.get(i);
  }

  private static FeedData.KevEntry entry(String file, String rec, String cve, String added, String due,
      String ransomware, String name) throws ParseException {
    if (cve == null || !CVE.matcher(cve.trim()).matches()) {
      throw new ParseException(file, rec, "cveID is not a CVE id: " + cve);
    }
    if (added == null || !DATE.matcher(added.trim()).matches()) {
      throw new ParseException(file, rec, "dateAdded is not YYYY-MM-DD: " + added);
    }
    return new FeedData.KevEntry(cve.trim(), added.trim(), due, ransomware, name);
  }

  public static FeedData parseJson(String file, JsonNode root) throws ParseException {
    JsonNode vulns = root.get("vulnerabilities");
    if (vulns == null || !vulns.isArray()) {
      throw new ParseException(file, "document", "KEV JSON lacks a vulnerabilities array");
    }
    List<FeedData.KevEntry> out = new ArrayList<>();
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode v = vulns.get(i);
      out.add(entry(file, "vulnerabilities[" + i + "]", text(v, "cveID"), text(v, "dateAdded"),
          text(v, "dueDate"), text(v, "knownRansomwareCampaignUse"), text(v, "vulnerabilityName")));
    }
    return FeedData.kev(text(root, "catalogVersion"), out);
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public static FeedData parseJson(String file, InputStream in) throws ParseException, IOException {
    return parseJson(file, new ObjectMapper().readTree(in));
  }
}
