package org.patou.vuln;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The patch-priority score, deliberately simple enough to explain in one line:
 *
 * <pre>
 * threat   = 50 if in CISA KEV, else 0
 *          + 30 x EPSS                (EPSS unknown counts 0)
 *          + 2 x CVSS base score      (CVSS unknown counts 5.0, said so)
 * exposure = 2.0  if the package serves a door reachable from outside
 *            1.25 if the asset has an exposed door that this package does not serve
 *            1.0  otherwise
 * asset    = criticality / 3          (1 gives 0.33, 3 gives 1, 5 gives 1.67)
 * attack   = 1.5 if patou saw attack activity against the asset in the last 30 days, else 1
 * score    = threat x exposure x asset x attack, rounded to 0.1
 * </pre>
 *
 * KEV dominates (50 is more than EPSS and CVSS together can give), then EPSS (up to 30), then CVSS
 * (up to 20). Stateless.
 */
public final class Scorer {
  private Scorer() {}

  public static final double CVSS_UNKNOWN = 5.0;

  /** What the score is computed from. */
  public record Input(
      String pkg,
      String fixed,
      String kevDateAdded,
      Double epss,
      Double cvss,
      List<String> exposedOn,
      List<String> assetExposedOn,
      int criticality,
      boolean attacked,
      java.util.Map<String, String> exposedHow) {

    /** Without words on how the doors are exposed. */
    public Input(String pkg, String fixed, String kevDateAdded, Double epss, Double cvss, List<String> exposedOn,
        List<String> assetExposedOn, int criticality, boolean attacked) {
      this(pkg, fixed, kevDateAdded, epss, cvss, exposedOn, assetExposedOn, criticality, attacked, java.util.Map.of());
    }
  }

  public static double threat(Input in) {
    return (in.kevDateAdded() != null ? 50 : 0)
        + 30 * (in.epss() == null ? 0 : in.epss())
        + 2 * (in.cvss() == null ? CVSS_UNKNOWN : in.cvss());
  }

  public static double exposure(Input in) {
    if (!in.exposedOn().isEmpty()) {
      return 2.0;
    }
    return in.assetExposedOn().isEmpty() ? 1.0 : 1.25;
  }

  public static double score(Input in) {
    double s = threat(in) * exposure(in) * (in.criticality() / 3.0) * (in.attacked() ? 1.5 : 1.0);
    return Math.round(s * 10) / 10.0;
  }

  /**
   * "exposed on 443/tcp; in KEV since 2024-01-10; ...", or "exposed on 443/tcp via NAT
   * 203.0.113.10:443 (config); ..." when the door says where its exposure comes from.
   * Formerly: "exposed on 443/tcp; in KEV since 2024-01-10; EPSS 0.97; CVSS 9.8; upgrade openssl to 3.0.13-1~deb12u1". */
  public static String reason(Input in) {
    List<String> parts = new ArrayList<>();
    if (!in.exposedOn().isEmpty()) {
      List<String> doors = new ArrayList<>();
      for (String label : in.exposedOn()) {
        String how = in.exposedHow() == null ? null : in.exposedHow().get(label);
        doors.add(how == null ? label : label + " " + how);
      }
      parts.add("exposed on " + String.join(", ", doors));
    } else if (!in.assetExposedOn().isEmpty()) {
      parts.add("asset exposed on " + String.join(", ", in.assetExposedOn()) + " (not through this package)");
    } else {
      parts.add("not exposed");
    }
    if (in.kevDateAdded() != null) {
      parts.add("in KEV since " + in.kevDateAdded());
    }
    parts.add(in.epss() == null ? "no EPSS" : String.format(Locale.ROOT, "EPSS %.2f", in.epss()));
    parts.add(in.cvss() == null ? "CVSS unknown (counted as 5.0)" : String.format(Locale.ROOT, "CVSS %.1f", in.cvss()));
    if (in.criticality() != 3) {
      parts.add("criticality " + in.criticality() + "/5");
    }
    if (in.attacked()) {
      parts.add("attack activity seen against this asset");
    }
    parts.add(in.fixed() == null
        ? "no fix yet for " + in.pkg() + ": mitigate (close the door, remove or isolate)"
        : "upgrade " + in.pkg() + " to " + in.fixed());
    return String.join("; ", parts);
  }
}
