package org.patou.vuln;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything parsed from one feed file, held in memory until the store writes it in one
 * transaction. A feed replaces the previous data of the same {@link #key}.
 *
 * @param key identity of the feed ({@code alpine-secdb:alpine:3.11/main}, {@code cisa-kev},
 *     {@code epss}, {@code osv:<file>}, {@code debian-tracker}, {@code nvd:<file>})
 * @param kind {@code advisories}, {@code kev}, {@code epss} or {@code cvss}
 * @param version the feed's own version or date when it says, else null
 */
public record FeedData(
    String key,
    String kind,
    String version,
    List<Advisory> advisories,
    List<KevEntry> kev,
    List<EpssEntry> epss,
    List<CvssEntry> cvss) {

  public static FeedData advisories(String key, String version, List<Advisory> a) {
    return new FeedData(key, "advisories", version, a, List.of(), List.of(), List.of());
  }

  public static FeedData kev(String version, List<KevEntry> k) {
    return new FeedData("cisa-kev", "kev", version, List.of(), k, List.of(), List.of());
  }

  public static FeedData epss(String version, List<EpssEntry> e) {
    return new FeedData("epss", "epss", version, List.of(), List.of(), e, List.of());
  }

  public static FeedData cvss(String key, String version, List<CvssEntry> c) {
    return new FeedData(key, "cvss", version, List.of(), List.of(), List.of(), c);
  }

  /** Record count, for messages. */
  public int size() {
    return advisories.size() + kev.size() + epss.size() + cvss.size();
  }

  /** Merges several files of one key (OSV zip entries). */
  public static FeedData concat(String key, String version, List<FeedData> parts) {
    List<Advisory> a = new ArrayList<>();
    for (FeedData p : parts) {
      a.addAll(p.advisories());
    }
    return advisories(key, version, a);
  }

  /** A KEV catalogue entry. */
  public record KevEntry(String cve, String dateAdded, String dueDate, String ransomware, String name) {}

  /** An EPSS score: probability of exploitation in the next 30 days, and its percentile. */
  public record EpssEntry(String cve, double epss, double percentile) {}

  /** A CVSS base score with its version and vector. */
  public record CvssEntry(String cve, double score, String version, String vector) {}
}
