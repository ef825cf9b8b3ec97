package org.patou.vuln;

import java.util.List;

/**
 * An installed package on an asset affected by a vulnerability.
 *
 * @param asset asset name
 * @param pkg package name as installed
 * @param installed installed version
 * @param fixed the first version that fixes it, or null when no fix is known
 * @param vulnerability CVE id when known, else the advisory id
 * @param aliases other ids
 * @param namespace namespace of the package
 * @param feed the feed of the matching advisory
 */
public record Finding(
    String asset,
    String pkg,
    String installed,
    String fixed,
    String vulnerability,
    List<String> aliases,
    String namespace,
    String feed) {}
