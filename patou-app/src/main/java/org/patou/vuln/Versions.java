package org.patou.vuln;

import io.github.nscuro.versatile.VersionFactory;
import io.github.nscuro.versatile.spi.Version;
import java.util.HashMap;
import java.util.Map;

/**
 * Version comparison per versioning scheme, delegated to versatile (Debian epochs and tildes, RPM
 * rpmvercmp, Alpine apk suffixes, Maven, npm/semver, PyPI PEP 440). Parsed versions are memoised,
 * so one instance serves one matching run on one thread; it is not thread-safe.
 */
public final class Versions {
  private final Map<String, Map<String, Version>> cache = new HashMap<>();

  /** A parsed version, or null when the scheme rejects the string. */
  public Version parse(String scheme, String version) {
    Map<String, Version> m = cache.computeIfAbsent(scheme, k -> new HashMap<>());
    Version v = m.get(version);
    if (v == null && !m.containsKey(version)) {
      try {
        v = VersionFactory.forScheme(scheme, version);
      } catch (RuntimeException e) {
        v = null;
      }
      m.put(version, v);
    }
    return v;
  }

  /**
   * Compares two versions of one scheme: negative, zero or positive.
   *
   * @throws IllegalArgumentException when either string is not a version of that scheme
   */
  public int compare(String scheme, String a, String b) {
    Version va = parse(scheme, a);
    Version vb = parse(scheme, b);
    if (va == null || vb == null) {
      throw new IllegalArgumentException(
          "not a " + scheme + " version: " + (va == null ? a : b));
    }
    return va.compareTo(vb);
  }

  /** Static convenience without memoisation. */
  public static int compareOnce(String scheme, String a, String b) {
    return new Versions().compare(scheme, a, b);
  }
}
