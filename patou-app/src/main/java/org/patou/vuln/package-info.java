/**
 * Vulnerability feeds, version comparison, findings and patch priority.
 *
 * <p>Enters: feed files (Alpine secdb YAML, CISA KEV CSV/JSON, EPSS CSV, OSV JSON or zip, Debian
 * security tracker JSON, NVD CVE JSON 2.0) parsed by the {@code *Parser} classes into a {@link
 * org.patou.vuln.FeedData} held wholly in memory, so a malformed file fails before anything is
 * stored; installed software from {@code org.patou.inventory}. Leaves: {@link
 * org.patou.vuln.Finding}s (package, vulnerability, fixed version, per asset) from {@link
 * org.patou.vuln.Matcher}, and {@link org.patou.vuln.PlanEntry}s scored and explained by {@link
 * org.patou.vuln.Scorer}. Version comparison is delegated to versatile ({@link
 * org.patou.vuln.Versions}); nothing here compares versions by hand. No threads: every class is
 * called on the caller's thread.
 */
package org.patou.vuln;
