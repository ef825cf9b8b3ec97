package org.patou.vuln;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;
import java.util.Locale;
import java.util.Map;

/**
 * Where a package name and version mean something: {@code alpine:3.11}, {@code debian:12}, {@code
 * rhel:9}, {@code npm}, {@code maven}, {@code pypi}... An advisory applies to installed software only
 * when both carry the same namespace and package name. The namespace also decides the versioning
 * scheme ({@link #scheme}).
 */
public final class Namespace {
  private Namespace() {}

  private static final Map<String, String> DEBIAN_CODENAMES =
      Map.of(
          "stretch", "9", "buster", "10", "bullseye", "11", "bookworm", "12", "trixie", "13",
          "forky", "14", "sid", "unstable");

  /** The namespace of OS packages on an OS: {@code alpine} + {@code 3.11.5} gives {@code alpine:3.11}. */
  public static String forOs(String osId, String osVersion) {
    String id = osId == null ? "" : osId.toLowerCase(Locale.ROOT).trim();
    String v = osVersion == null ? "" : osVersion.trim();
    if (v.startsWith("v")) {
      v = v.substring(1);
    }
    switch (id) {
      case "alpine" -> {
        String[] p = v.split("\\.");
        return p.length >= 2 ? "alpine:" + p[0] + "." + p[1] : "alpine:" + v;
      }
      case "debian" -> {
        String c = DEBIAN_CODENAMES.get(v.toLowerCase(Locale.ROOT));
        String major = c != null ? c : v.split("\\.")[0];
        return "debian:" + major;
      }
      case "ubuntu" -> {
        return "ubuntu:" + v;
      }
      case "rhel", "centos", "rocky", "almalinux", "fedora", "ol", "amzn", "opensuse-leap", "sles" -> {
        return id + ":" + v.split("\\.")[0];
      }
      default -> {
        return v.isEmpty() ? id : id + ":" + v;
      }
    }
  }

  /** The namespace for a Debian release code name ({@code bookworm} gives {@code debian:12}). */
  public static String debianRelease(String codename) {
    String n = DEBIAN_CODENAMES.get(codename.toLowerCase(Locale.ROOT));
    return "debian:" + (n != null ? n : codename.toLowerCase(Locale.ROOT));
  }

  /** An OSV ecosystem string ({@code Alpine:v3.11}, {@code Debian:12}, {@code npm}) as a namespace. */
  public static String fromOsvEcosystem(String ecosystem) {
    int c = ecosystem.indexOf(':');
    String base = (c < 0 ? ecosystem : ecosystem.substring(0, c)).trim();
    String rel = c < 0 ? "" : ecosystem.substring(c + 1).trim();
    String b = base.toLowerCase(Locale.ROOT);
    return switch (b) {
      case "alpine" -> forOs("alpine", rel);
      case "debian" -> forOs("debian", rel);
      case "ubuntu" -> "ubuntu:" + rel.replace(":LTS", "").replace(":Pro", "");
      case "red hat" -> "rhel:" + rel.replaceAll("[^0-9].*$", "");
      case "rocky linux" -> "rocky:" + rel.split("\\.")[0];
      case "almalinux" -> "almalinux:" + rel.split("\\.")[0];
      case "go" -> "golang";
      case "crates.io" -> "cargo";
      case "rubygems" -> "gem";
      case "packagist" -> "composer";
      default -> rel.isEmpty() ? b : b + ":" + rel.toLowerCase(Locale.ROOT);
    };
  }

  /** A package-URL type ({@code npm}, {@code maven}, {@code pypi}, {@code deb}...) as a namespace. */
  public static String fromPurlType(String type, String distro) {
    String t = type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "deb", "apk", "rpm" -> distro != null && !distro.isBlank() ? distro : t;
      default -> t;
    };
  }

  /** The versatile versioning scheme of a namespace; {@code generic} when unknown. */
  public static String scheme(String namespace) {
    String base = namespace.contains(":") ? namespace.substring(0, namespace.indexOf(':')) : namespace;
    return switch (base) {
      case "alpine", "apk", "wolfi", "chainguard" -> KnownVersioningSchemes.SCHEME_APK;
      case "debian", "ubuntu", "deb" -> KnownVersioningSchemes.SCHEME_DEBIAN;
      case "rhel", "centos", "rocky", "almalinux", "fedora", "ol", "amzn", "opensuse-leap", "sles", "rpm" ->
          KnownVersioningSchemes.SCHEME_RPM;
      case "npm", "semver" -> KnownVersioningSchemes.SCHEME_NPM;
      case "maven" -> KnownVersioningSchemes.SCHEME_MAVEN;
      case "pypi" -> KnownVersioningSchemes.SCHEME_PYPI;
      case "golang" -> KnownVersioningSchemes.SCHEME_GOLANG;
      case "nuget" -> KnownVersioningSchemes.SCHEME_NUGET;
      case "composer" -> KnownVersioningSchemes.SCHEME_COMPOSER;
      case "gem" -> KnownVersioningSchemes.SCHEME_GEM;
      default -> KnownVersioningSchemes.SCHEME_GENERIC;
    };
  }
}
