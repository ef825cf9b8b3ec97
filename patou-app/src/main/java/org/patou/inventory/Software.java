package org.patou.inventory;

/**
 * One installed package or component.
 *
 * @param name package name as installed (binary package for dpkg/rpm/apk)
 * @param version installed version, in the namespace's scheme
 * @param namespace see {@link org.patou.vuln.Namespace}: {@code debian:12}, {@code npm}...
 * @param sourceName the source package when the database says (dpkg {@code Source:}, apk
 *     {@code o:}), else null; Debian's tracker matches on it
 * @param purl package URL when known, else null
 */
public record Software(String name, String version, String namespace, String sourceName, String purl) {}
