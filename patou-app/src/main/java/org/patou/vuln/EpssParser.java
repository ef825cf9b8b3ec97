package org.patou.vuln;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.patou.inventory.ParseException;

/**
 * FIRST's EPSS daily CSV (https://www.first.org/epss/data_stats): an optional first line
 * {@code #model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000}, then the header
 * {@code cve,epss,percentile}, then one row per CVE with both numbers in [0, 1]. The file is often
 * served gzipped ({@code epss_scores-current.csv.gz}); {@link FeedFiles} unpacks gzip.
 */
public final class EpssParser {
  private EpssParser() {}

  public static FeedData parse(String file, InputStream in) throws ParseException, IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = r.readLine();
    int n = 1;
    String version = null;
    if (line != null && line.startsWith("#")) {
      version = line.substring(1).trim();
      line = r.readLine();
      n++;
    }
    if (line == null || !line.trim().replace(" ", "").equalsIgnoreCase("cve,epss,percentile")) {
      throw new ParseException(file, "line " + n, "expected header cve,epss,percentile, found " + line);
    }
    List<FeedData.EpssEntry> out = new ArrayList<>();
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      String rec = "line " + n;
      if (f.length != 3) {
        throw new ParseException(file, rec, "expected 3 fields, found " + f.length);
      }
      String cve = f[0].trim();
      if (!KevParser.CVE.matcher(cve).matches()) {
        throw new ParseException(file, rec, "not a CVE id: " + cve);
      }
      double e = prob(file, rec, "epss", f[1]);
      double p = prob(file, rec, "percentile", f[2]);
      out.add(new FeedData.EpssEntry(cve, e, p));
    }
    return FeedData.epss(version, out);
  }

  private static double prob(String file, String rec, String what, String s) throws ParseException {
    double d;
    try {
      d = Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new ParseException(file, rec, what + " is not a number: " + s);
    }
    if (!(d >= 0 && d <= 1)) {
      throw new ParseException(file, rec, what + " outside [0, 1]: " + s);
    }
    return d;
  }
}
