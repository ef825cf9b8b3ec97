package org.patou.vuln;

import java.util.List;

/**
 * One finding of the patch plan, scored and explained. Field names are the JSON output's.
 *
 * @param rank 1 for the most urgent
 * @param thisWeek true for the short list a small team can act on this week
 * @param asset asset name
 * @param package_ package name ({@code package} in JSON)
 * @param installed installed version
 * @param fixed first fixed version, or null
 * @param namespace the package's namespace ({@code alpine:3.11}, {@code npm})
 * @param vulnerability CVE or advisory id
 * @param aliases other ids
 * @param kev true when in CISA KEV
 * @param kevDateAdded KEV date added, or null
 * @param epss EPSS probability, or null when unknown
 * @param cvss CVSS base score, or null when unknown
 * @param exposedOn doors through which the package is reachable from outside ({@code 443/tcp})
 * @param criticality asset criticality 1-5
 * @param attacked attack activity seen against the asset recently
 * @param score the score (see {@link Scorer})
 * @param reason the score in words
 */
public record PlanEntry(
    int rank,
    boolean thisWeek,
    String asset,
    String package_,
    String installed,
    String fixed,
    String namespace,
    String vulnerability,
    List<String> aliases,
    boolean kev,
    String kevDateAdded,
    Double epss,
    Double cvss,
    List<String> exposedOn,
    int criticality,
    boolean attacked,
    double score,
    String reason) {}
