package org.patou.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OS package databases and listings. Each returns software in a placeholder namespace ({@code deb},
 * {@code apk}, {@code rpm}) that the importer replaces by the asset's OS namespace ({@code
 * debian:12}, {@code alpine:3.11}) because these files do not say which release they come from.
 *
 * <ul>
 *   <li>{@code /var/lib/dpkg/status}: RFC 822 stanzas; only packages whose {@code Status} ends in
 *       {@code installed}; {@code Source: name (version)} kept as source name.
 *   <li>{@code dpkg-query -W} (default format {@code name<TAB>version}; {@code name:arch} accepted).
 *   <li>apk's {@code /lib/apk/db/installed}: stanzas of {@code P:} name, {@code V:} version,
 *       {@code o:} origin (source package).
 *   <li>{@code rpm -qa}: {@code name-version-release.arch} per line, or better {@code rpm -qa --qf
 *       '%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\n'} (a tab: name and full EVR).
 * </ul>
 */
public final class PackageLists {
  private PackageLists() {}

  public static List<Software> dpkgStatus(String file, String text) throws ParseException {
    Map<String, Software> out = new LinkedHashMap<>();
    for (Stanza s : stanzas(file, text)) {
      String pkg = s.fields.get("Package");
      String status = s.fields.get("Status");
      String version = s.fields.get("Version");
      String rec = "line " + s.line + (pkg == null ? "" : " (" + pkg + ")");
      if (pkg == null || pkg.isBlank()) {
        throw new ParseException(file, rec, "stanza without Package");
      }
      if (status == null) {
        throw new ParseException(file, rec, "stanza without Status");
      }
      if (!status.trim().endsWith(" installed")) {
        continue;
      }
      if (version == null || version.isBlank()) {
        throw new ParseException(file, rec, "installed package without Version");
      }
      String source = s.fields.get("Source");
      if (source != null) {
        source = source.trim().split("\\s+")[0];
      }
      Software sw = new Software(pkg.trim(), version.trim(), "deb", source, null);
      out.putIfAbsent(pkg.trim() + " " + version.trim(), sw);
    }
    return new ArrayList<>(out.values());
  }

  public static List<Software> dpkgQuery(String file, String text) throws ParseException {
    Map<String, Software> out = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].replace("\r", "");
      if (l.isBlank()) {
        continue;
      }
      String[] f = l.split("\t", -1);
      if (f.length != 2 || f[0].isBlank()) {
        throw new ParseException(file, "line " + (i + 1), "expected name<TAB>version");
      }
      if (f[1].isBlank()) {
        continue; // known to dpkg but not installed
      }
      f[0] = f[0].strip();
      String name = f[0].contains(":") ? f[0].substring(0, f[0].indexOf(':')) : f[0];
      out.putIfAbsent(name + " " + f[1], new Software(name, f[1].trim(), "deb", null, null));
    }
    return new ArrayList<>(out.values());
  }

  public static List<Software> apkInstalled(String file, String text) throws ParseException {
    List<Software> out = new ArrayList<>();
    for (Stanza s : stanzas(file, text)) {
      String p = s.fields.get("P");
      String v = s.fields.get("V");
      if (p == null || p.isBlank() || v == null || v.isBlank()) {
        throw new ParseException(file, "line " + s.line, "apk record needs P: and V:");
      }
      out.add(new Software(p.trim(), v.trim(), "apk", s.fields.get("o"), null));
    }
    return out;
  }

  private static final Set<String> RPM_ARCHES =
      Set.of("x86_64", "noarch", "i686", "i386", "aarch64", "ppc64le", "s390x", "armv7hl", "src");

  public static List<Software> rpmQa(String file, String text) throws ParseException {
    List<Software> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty()) {
        continue;
      }
      String rec = "line " + (i + 1);
      if (l.contains("\t")) {
        String[] f = l.split("\t", -1);
        if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
          throw new ParseException(file, rec, "expected name<TAB>epoch:version-release");
        }
        String evr = f[1].startsWith("0:") ? f[1].substring(2) : f[1];
        out.add(new Software(f[0], evr, "rpm", null, null));
        continue;
      }
      String s = l;
      int dot = s.lastIndexOf('.');
      if (dot > 0 && RPM_ARCHES.contains(s.substring(dot + 1))) {
        s = s.substring(0, dot);
      }
      int r = s.lastIndexOf('-');
      int v = r > 0 ? s.lastIndexOf('-', r - 1) : -1;
      if (v <= 0 || r == s.length() - 1 || r - v < 2) {
        throw new ParseException(file, rec, "not name-version-release[.arch]: " + l);
      }
      out.add(new Software(s.substring(0, v), s.substring(v + 1), "rpm", null, null));
    }
    return out;
  }

  private record Stanza(int line, Map<String, String> fields) {}

  private static List<Stanza> stanzas(String file, String text) throws ParseException {
    List<Stanza> out = new ArrayList<>();
    Map<String, String> cur = null;
    String last = null;
    int start = 0;
    int n = 0;
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      String l;
      while ((l = r.readLine()) != null) {
        n++;
        if (l.isBlank()) {
          if (cur != null) {
            out.add(new Stanza(start, cur));
          }
          cur = null;
          continue;
        }
        if (cur == null) {
          cur = new LinkedHashMap<>();
          start = n;
        }
        if ((l.startsWith(" ") || l.startsWith("\t")) && last != null) {
          continue; // continuation (Description, Conffiles): not needed
        }
        int c = l.indexOf(':');
        if (c <= 0) {
          throw new ParseException(file, "line " + n, "expected Field: value, found " + l);
        }
        last = l.substring(0, c);
        cur.putIfAbsent(last, l.substring(c + 1).trim());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (cur != null) {
      out.add(new Stanza(start, cur));
    }
    return out;
  }
}
