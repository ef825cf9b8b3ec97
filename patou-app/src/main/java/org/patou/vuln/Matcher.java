package org.patou.vuln;

import io.github.nscuro.versatile.spi.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.inventory.Software;

/**
 * Matches installed software against advisories: an advisory applies when namespace and package name
 * (binary name, or source name when the database gives one) are equal and the installed version lies
 * in an affected range. Advisories are indexed by (namespace, package) once; each installed package
 * then costs one hash lookup plus one comparison per candidate range, with parsed versions memoised.
 * Single-threaded; build one per matching run.
 */
public final class Matcher {
  private final Map<String, List<Advisory>> index = new HashMap<>();
  private final Versions versions = new Versions();
  private int unparsable;

  public Matcher(Collection<Advisory> advisories) {
    for (Advisory a : advisories) {
      index.computeIfAbsent(key(a.namespace(), a.pkg()), k -> new ArrayList<>()).add(a);
    }
  }

  private static String key(String namespace, String pkg) {
    return namespace + '\u0000' + pkg;
  }

  /** How many installed or advisory versions the scheme rejected so far (they never match). */
  public int unparsable() {
    return unparsable;
  }

  /** The findings for one asset's software, one per (package, vulnerability), in input order. */
  public List<Finding> match(String asset, List<Software> software) {
    Map<String, Finding> out = new LinkedHashMap<>();
    for (Software s : software) {
      matchOne(asset, s, s.name(), out);
      if (s.sourceName() != null && !s.sourceName().equals(s.name())) {
        matchOne(asset, s, s.sourceName(), out);
      }
    }
    return new ArrayList<>(out.values());
  }

  private void matchOne(String asset, Software s, String name, Map<String, Finding> out) {
    List<Advisory> candidates = index.get(key(s.namespace(), name));
    if (candidates == null) {
      return;
    }
    String scheme = Namespace.scheme(s.namespace());
    Version installed = versions.parse(scheme, s.version());
    if (installed == null) {
      unparsable++;
      return;
    }
    for (Advisory a : candidates) {
      String fixed = affected(scheme, installed, s.version(), a);
      if (fixed == null) {
        continue;
      }
      String vuln = a.cveOrId();
      String fixedOrNull = fixed.isEmpty() ? null : fixed;
      String k = s.name() + '\u0000' + s.version() + '\u0000' + vuln;
      Finding prev = out.get(k);
      if (prev != null && !laterFix(scheme, fixedOrNull, prev.fixed())) {
        continue;
      }
      List<String> aliases = new ArrayList<>();
      if (!a.id().equals(vuln)) {
        aliases.add(a.id());
      }
      for (String al : a.aliases()) {
        if (!al.equals(vuln)) {
          aliases.add(al);
        }
      }
      out.put(k, new Finding(asset, s.name(), s.version(), fixedOrNull, vuln, aliases, s.namespace(), a.feed()));
    }
  }

  /** True when {@code a} needs a later upgrade than {@code b} (null = no fix = latest). */
  private boolean laterFix(String scheme, String a, String b) {
    if (b == null) {
      return false;
    }
    if (a == null) {
      return true;
    }
    Version va = versions.parse(scheme, a);
    Version vb = versions.parse(scheme, b);
    return va != null && vb != null && va.compareTo(vb) > 0;
  }

  /** The fixed version ("" when none) when affected, else null. */
  private String affected(String scheme, Version installed, String installedRaw, Advisory a) {
    for (String v : a.versions()) {
      if (v.equals(installedRaw)) {
        String fix = null;
        for (Advisory.Range r : a.ranges()) {
          if (r.fixed() != null) {
            fix = r.fixed();
          }
        }
        return fix == null ? "" : fix;
      }
    }
    for (Advisory.Range r : a.ranges()) {
      if (r.introduced() != null && !r.introduced().equals("0")) {
        Version intro = versions.parse(scheme, r.introduced());
        if (intro == null) {
          unparsable++;
          continue;
        }
        if (installed.compareTo(intro) < 0) {
          continue;
        }
      }
      if (r.fixed() != null) {
        Version fix = versions.parse(scheme, r.fixed());
        if (fix == null) {
          unparsable++;
          continue;
        }
        if (installed.compareTo(fix) < 0) {
          return r.fixed();
        }
        continue;
      }
      if (r.lastAffected() != null) {
        Version last = versions.parse(scheme, r.lastAffected());
        if (last == null) {
          unparsable++;
          continue;
        }
        if (installed.compareTo(last) <= 0) {
          return "";
        }
        continue;
      }
      return "";
    }
    return null;
  }
}
