package org.patou.inventory;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Known remote-access tools, often abused by intruders for persistence: AnyDesk, TeamViewer,
 * ScreenConnect (ConnectWise Control), RustDesk, plus a few frequent others. Matched
 * case-insensitively on package or program names, process names and install paths.
 */
public final class RemoteAccessTools {
  private RemoteAccessTools() {}

  /** Tool name, then lower-case markers. */
  static final List<List<String>> TOOLS = List.of(
      List.of("AnyDesk", "anydesk"),
      List.of("TeamViewer", "teamviewer"),
      List.of("ScreenConnect", "screenconnect", "connectwise control"),
      List.of("RustDesk", "rustdesk"),
      List.of("Splashtop", "splashtop"),
      List.of("Atera", "ateraagent", "atera agent"),
      List.of("MeshCentral", "meshagent"));

  /** The tools whose markers occur in any of the names. */
  public static List<String> detect(Iterable<String> names) {
    Set<String> out = new TreeSet<>();
    for (String n : names) {
      String l = n.toLowerCase(Locale.ROOT);
      for (List<String> t : TOOLS) {
        for (int i = 1; i < t.size(); i++) {
          if (l.contains(t.get(i))) {
            out.add(t.get(0));
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
