package org.patou.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows installed programs as exported by this PowerShell line (run on the machine):
 *
 * <pre>{@code
 * Get-ItemProperty HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\*,
 *   HKLM:\Software\Wow6432Node\Microsoft\Windows\CurrentVersion\Uninstall\* |
 *   Where-Object DisplayName | Select-Object DisplayName,DisplayVersion,Publisher,InstallDate |
 *   ConvertTo-Json | Out-File -Encoding utf8 programs.json
 * }</pre>
 *
 * That is a JSON array of {@code {DisplayName, DisplayVersion, Publisher, InstallDate}}; the array
 * may also be wrapped as {@code {"computerName": "...", "os": "windows:10.0.19045", "programs": [...]}}.
 * Namespace {@code windows} (generic versions); nothing in the open feeds matches it yet, but it
 * feeds the inventory and remote-access-tool detection.
 */
public final class WindowsPrograms {
  private WindowsPrograms() {}

  public static boolean looksLike(JsonNode root) {
    JsonNode arr = root.isObject() ? root.path("programs") : root;
    return arr.isArray() && arr.size() > 0 && arr.get(0).has("DisplayName");
  }

  public static List<Software> parse(String file, JsonNode root) throws ParseException {
    JsonNode arr = root.isObject() ? root.path("programs") : root;
    List<Software> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonNode p = arr.get(i);
      String name = p.path("DisplayName").asText(null);
      if (name == null || name.isBlank()) {
        throw new ParseException(file, "[" + i + "]", "program without DisplayName");
      }
      String v = p.path("DisplayVersion").asText("");
      out.add(new Software(name.trim(), v.isBlank() ? "unknown" : v.trim(), "windows", null, null));
    }
    return out;
  }
}
