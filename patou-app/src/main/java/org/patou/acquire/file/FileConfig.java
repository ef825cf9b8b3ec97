package org.patou.acquire.file;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the file tailer, validated without I/O.
 *
 * @param globs files to follow: a folder and a glob on the file name ({@code /var/log/auth.log*},
 *     {@code /var/log/nginx/*.log}); globs in folder names are not supported yet
 * @param positions the file where read positions are kept across restarts
 * @param pollMs how often files are checked for growth, rotation and new names
 * @param maxLine longer lines are skipped and counted rejected
 */
public record FileConfig(List<String> globs, Path positions, long pollMs, int maxLine) {
  public FileConfig {
    globs = List.copyOf(globs);
    for (String g : globs) {
      Path p = Path.of(g);
      if (p.getParent() == null || p.getParent().toString().matches(".*[*?\\[{].*")) {
        throw new IllegalArgumentException("file glob '" + g + "': a fixed folder and a pattern on the name are needed");
      }
    }
    if (pollMs < 10 || maxLine < 480) {
      throw new IllegalArgumentException("files: poll_ms >= 10, max_line >= 480");
    }
  }
}
