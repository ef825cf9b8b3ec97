package org.patou.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.patou.vuln.Namespace;

/**
 * CycloneDX JSON ({@code bomFormat: CycloneDX}, {@code components[]}, nested components included)
 * and SPDX 2.x JSON ({@code spdxVersion}, {@code packages[]} with a {@code purl} external ref).
 * Each component with a version becomes software; the namespace comes from its package URL: {@code
 * pkg:npm/...} gives {@code npm}, {@code pkg:maven/g/a} gives {@code maven} with name {@code g:a}
 * (OSV's naming), {@code pkg:deb/debian/x?distro=debian-12} gives {@code debian:12}. Components
 * without purl go to namespace {@code generic} (listed, never matched).
 */
public final class SbomParser {
  private SbomParser() {}

  public static boolean isCycloneDx(JsonNode root) {
    return root.isObject() && "CycloneDX".equals(root.path("bomFormat").asText());
  }

  public static boolean isSpdx(JsonNode root) {
    return root.isObject() && root.path("spdxVersion").asText().startsWith("SPDX-");
  }

  /** Name of the described asset when the SBOM gives one, else null. */
  public static String subject(JsonNode root) {
    if (isCycloneDx(root)) {
      String n = root.path("metadata").path("component").path("name").asText(null);
      return n;
    }
    return root.path("name").asText(null);
  }

  public static List<Software> cycloneDx(String file, JsonNode root) throws ParseException {
    List<Software> out = new ArrayList<>();
    walk(file, "components", root.path("components"), out);
    return out;
  }

  /** True for CycloneDX XML ({@code <bom xmlns="http://cyclonedx.org/schema/bom/...">}). */
  public static boolean isCycloneDxXml(String head) {
    return head.contains("cyclonedx.org/schema/bom") && head.contains("<bom");
  }

  /**
   * CycloneDX XML (any spec version), read with cyclonedx-core-java. Documents with a DTD are
   * refused before parsing (no entity expansion, no external entities).
   */
  public static Inventory.Host cycloneDxXml(String file, byte[] bytes, Asset asset) throws ParseException {
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
      throw new ParseException(file, "document", "DTDs are not accepted in SBOMs");
    }
    org.cyclonedx.model.Bom bom;
    try {
      bom = org.cyclonedx.parsers.BomParserFactory.createParser(bytes).parse(bytes);
    } catch (org.cyclonedx.exception.ParseException | RuntimeException e) {
      throw new ParseException(file, "document", "malformed CycloneDX XML: " + e.getMessage(), e);
    }
    List<Software> out = new ArrayList<>();
    walk(file, "components", bom.getComponents(), out);
    return new Inventory.Host(asset, out, null, List.of(),
        RemoteAccessTools.detect(out.stream().map(Software::name).toList()));
  }

  private static void walk(String file, String path, List<org.cyclonedx.model.Component> comps, List<Software> out)
      throws ParseException {
    if (comps == null) {
      return;
    }
    for (int i = 0; i < comps.size(); i++) {
      org.cyclonedx.model.Component c = comps.get(i);
      String rec = path + "[" + i + "]";
      if (c.getName() == null || c.getName().isBlank()) {
        throw new ParseException(file, rec, "component without name");
      }
      add(file, rec, c.getName(), c.getVersion(), c.getPurl(), out);
      walk(file, rec + ".components", c.getComponents(), out);
    }
  }

  private static void walk(String file, String path, JsonNode comps, List<Software> out) throws ParseException {
    if (comps.isMissingNode()) {
      return;
    }
    if (!comps.isArray()) {
      throw new ParseException(file, path, "components is not an array");
    }
    for (int i = 0; i < comps.size(); i++) {
      JsonNode c = comps.get(i);
      String rec = path + "[" + i + "]";
      String name = c.path("name").asText(null);
      if (name == null || name.isBlank()) {
        throw new ParseException(file, rec, "component without name");
      }
      add(file, rec, name, c.path("version").asText(null), c.path("purl").asText(null), out);
      walk(file, rec + ".components", c.path("components"), out);
    }
  }

  public static List<Software> spdx(String file, JsonNode root) throws ParseException {
    List<Software> out = new ArrayList<>();
    JsonNode pkgs = root.path("packages");
    if (!pkgs.isArray()) {
      throw new ParseException(file, "document", "SPDX without packages array");
    }
    for (int i = 0; i < pkgs.size(); i++) {
      JsonNode p = pkgs.get(i);
      String rec = "packages[" + i + "]";
      String name = p.path("name").asText(null);
      if (name == null || name.isBlank()) {
        throw new ParseException(file, rec, "package without name");
      }
      String purl = null;
      for (JsonNode ref : p.path("externalRefs")) {
        if ("purl".equals(ref.path("referenceType").asText())) {
          purl = ref.path("referenceLocator").asText(null);
        }
      }
      add(file, rec, name, p.path("versionInfo").asText(null), purl, out);
    }
    return out;
  }

  private static void add(String file, String rec, String name, String version, String purl, List<Software> out)
      throws ParseException {
    if (purl != null && !purl.isBlank()) {
      PackageURL p;
      try {
        p = new PackageURL(purl);
      } catch (MalformedPackageURLException e) {
        throw new ParseException(file, rec, "malformed purl " + purl + ": " + e.getMessage(), e);
      }
      String v = p.getVersion() != null ? p.getVersion() : version;
      if (v == null || v.isBlank()) {
        return;
      }
      String type = p.getType().toLowerCase(Locale.ROOT);
      String distro = p.getQualifiers() == null ? null : p.getQualifiers().get("distro");
      String ns = switch (type) {
        case "deb", "apk", "rpm" -> distroNamespace(type, p.getNamespace(), distro);
        default -> Namespace.fromPurlType(type, null);
      };
      String pkgName = switch (type) {
        case "maven" -> p.getNamespace() + ":" + p.getName();
        case "npm", "golang" -> p.getNamespace() == null ? p.getName() : p.getNamespace() + "/" + p.getName();
        default -> p.getName();
      };
      out.add(new Software(pkgName, v, ns, null, purl));
      return;
    }
    if (version != null && !version.isBlank()) {
      out.add(new Software(name, version, "generic", null, null));
    }
  }

  private static String distroNamespace(String type, String vendor, String distro) {
    if (distro == null || distro.isBlank()) {
      return type; // resolved against the asset's OS by the importer
    }
    String d = distro.toLowerCase(Locale.ROOT);
    int dash = d.lastIndexOf('-');
    String id = dash > 0 ? d.substring(0, dash) : (vendor == null ? d : vendor);
    String ver = dash > 0 ? d.substring(dash + 1) : d;
    if (dash < 0 && vendor != null) {
      return Namespace.forOs(vendor, d.matches("[0-9.]+") ? d : d);
    }
    return Namespace.forOs(id, ver);
  }
}
