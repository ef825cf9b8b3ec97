package org.patou.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.patou.vuln.Namespace;

/**
 * Detects an inventory file's format from its content and parses it. Order of checks: CycloneDX
 * XML (its namespace); nmap XML ({@code <nmaprun}); Zeek conn.log (TSV {@code #path conn} or JSON lines); nft ruleset JSON ({@code {"nftables": [}}); doors file ({@code # patou doors}); JSON: CycloneDX ({@code bomFormat}), SPDX
 * ({@code spdxVersion}), Windows programs ({@code DisplayName}); text: dpkg status ({@code
 * Package:}+{@code Status:} lines), apk installed ({@code P:}+{@code V:} lines), tab-separated
 * {@code name<TAB>version} (rpm when every version carries an epoch {@code N:} or the OS is of the
 * RPM family, else {@code dpkg-query -W}), else {@code rpm -qa} lines.
 */
public final class Importers {
  private Importers() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DPKG = Pattern.compile("(?m)^Package: \\S+");
  private static final Pattern DPKG_STATUS = Pattern.compile("(?m)^Status: ");
  private static final Pattern APK = Pattern.compile("(?m)^P:\\S+");
  private static final Pattern APK_V = Pattern.compile("(?m)^V:\\S+");
  private static final Pattern TAB_LINE = Pattern.compile("(?m)^[^\\s]+\t[^\t]*$");
  private static final Pattern RPM_EVR = Pattern.compile("(?m)^[^\\s]+\t\\d+:.+$");

  /**
   * Parses one file.
   *
   * @param assetName the asset the file describes (required for package lists and SBOMs, ignored by
   *     nmap and doors files which name their hosts)
   * @param osId OS id from {@code --os}, or null
   * @param exposedScan whether an nmap scan was run from outside
   */
  public static Inventory read(Path file, String assetName, String osId, boolean exposedScan)
      throws IOException, ParseException {
    byte[] bytes = Files.readAllBytes(file);
    return read(file.toString(), bytes, assetName, osId, exposedScan);
  }

  public static Inventory read(String file, byte[] bytes, String assetName, String osId, boolean exposedScan)
      throws ParseException {
    return read(file, bytes, assetName, osId, exposedScan, List.of());
  }

  /** As above; {@code localNets} (CIDR) say which addresses are inside, for Zeek conn logs. */
  public static Inventory read(String file, byte[] bytes, String assetName, String osId, boolean exposedScan,
      List<String> localNets) throws ParseException {
    String text = new String(bytes, StandardCharsets.UTF_8).replace("\uFEFF", "");
    String head = text.stripLeading();
    if (head.startsWith("<") && SbomParser.isCycloneDxXml(head.substring(0, Math.min(head.length(), 4096)))) {
      Asset a = Asset.named(requireAsset(file, assetName));
      return new Inventory("cyclonedx", List.of(SbomParser.cycloneDxXml(file, bytes, a)));
    }
    if (head.startsWith("<")) {
      if (!head.substring(0, Math.min(head.length(), 2048)).contains("<nmaprun")) {
        throw new ParseException(file, "document", "XML but not nmap output (no <nmaprun>)");
      }
      return NmapXml.parse(file, bytes, exposedScan);
    }
    if (ZeekConn.looksLike(head.substring(0, Math.min(head.length(), 4096)))) {
      return ZeekConn.parse(file, head, localNets);
    }
    if (NftRuleset.looksLike(head)) {
      // --asset names the firewall itself here (its input rules), not the hosts behind it
      return ExposureConfig.nft(file, bytes, assetName, localNets);
    }
    if (head.startsWith(DoorsFile.MAGIC)) {
      return DoorsFile.parse(file, head);
    }
    Asset asset = Asset.named(requireAsset(file, assetName));
    if (head.startsWith("{") || head.startsWith("[")) {
      JsonNode root;
      try {
        root = JSON.readTree(bytes);
      } catch (JsonProcessingException e) {
        throw new ParseException(file, "line " + e.getLocation().getLineNr(), "malformed JSON: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new ParseException(file, "document", e.getMessage(), e);
      }
      if (SbomParser.isCycloneDx(root)) {
        return Inventory.software("cyclonedx", asset, SbomParser.cycloneDx(file, root));
      }
      if (SbomParser.isSpdx(root)) {
        return Inventory.software("spdx", asset, SbomParser.spdx(file, root));
      }
      if (WindowsPrograms.looksLike(root)) {
        String os = root.isObject() ? root.path("os").asText(null) : null;
        if (os != null && os.contains(":")) {
          asset = asset.withOs(os.substring(0, os.indexOf(':')), os.substring(os.indexOf(':') + 1));
        } else {
          asset = asset.withOs("windows", null);
        }
        return Inventory.software("windows-programs", asset, WindowsPrograms.parse(file, root));
      }
      throw new ParseException(file, "document", "unknown JSON (not CycloneDX, SPDX or Windows programs)");
    }
    if (DPKG.matcher(text).find() && DPKG_STATUS.matcher(text).find()) {
      return Inventory.software("dpkg-status", asset, PackageLists.dpkgStatus(file, text));
    }
    if (APK.matcher(text).find() && APK_V.matcher(text).find()) {
      return Inventory.software("apk-installed", asset, PackageLists.apkInstalled(file, text));
    }
    if (TAB_LINE.matcher(text).find()) {
      boolean rpmOs = osId != null && "rpm".equals(Namespace.scheme(Namespace.forOs(osId, "")));
      long lines = text.lines().filter(l -> !l.isBlank()).count();
      long evr = RPM_EVR.matcher(text).results().count();
      if (rpmOs || evr == lines) {
        return Inventory.software("rpm-qa", asset, PackageLists.rpmQa(file, text));
      }
      return Inventory.software("dpkg-query", asset, PackageLists.dpkgQuery(file, text));
    }
    if (!text.isBlank()) {
      return Inventory.software("rpm-qa", asset, PackageLists.rpmQa(file, text));
    }
    throw new ParseException(file, "document", "empty file");
  }

  private static String requireAsset(String file, String assetName) throws ParseException {
    if (assetName == null || assetName.isBlank()) {
      throw new ParseException(file, "document", "this format does not name its machine: give --asset NAME");
    }
    return assetName;
  }

  /** Formats whose packages need the asset's OS to get a namespace. */
  public static final List<String> OS_PLACEHOLDERS = List.of("deb", "apk", "rpm");
}
