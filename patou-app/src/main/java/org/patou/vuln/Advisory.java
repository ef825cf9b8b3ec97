package org.patou.vuln;

import java.util.List;

/**
 * One affected package in one namespace, from one feed. The package is affected when its version
 * lies in one of the {@link #ranges}, or equals one of the listed {@link #versions}.
 *
 * @param id the vulnerability id as the feed names it (CVE id, GHSA, XSA...)
 * @param aliases other ids of the same vulnerability (a CVE for a GHSA), possibly empty
 * @param namespace see {@link Namespace}
 * @param pkg the package name in that namespace (a source package for Debian's tracker)
 * @param ranges affected ranges, each [introduced, fixed) or [introduced, lastAffected]
 * @param versions explicitly listed affected versions (OSV {@code versions})
 * @param feed the key of the feed that brought it
 */
public record Advisory(
    String id,
    List<String> aliases,
    String namespace,
    String pkg,
    List<Range> ranges,
    List<String> versions,
    String feed) {

  /**
   * A version range. Null {@code introduced} means "from the beginning"; null {@code fixed} and null
   * {@code lastAffected} mean "no fix yet".
   */
  public record Range(String introduced, String fixed, String lastAffected) {}

  /** The CVE id among id and aliases, else the id. */
  public String cveOrId() {
    if (id.startsWith("CVE-")) {
      return id;
    }
    for (String a : aliases) {
      if (a.startsWith("CVE-")) {
        return a;
      }
    }
    return id;
  }
}
