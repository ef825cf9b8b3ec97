package org.patou.hunt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Expands the paths given to a hunt into the regular files to read, in a stable order. */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Files as given and, for directories, every regular file below them (recursively, sorted by
   * path, hidden files included, symbolic links to files followed but not links to directories).
   * Paths that do not exist or cannot be listed are handed to {@code problems} and left out.
   */
  public static List<Path> collect(List<Path> paths, BiConsumer<Path, String> problems) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).forEach(found::add);
        } catch (IOException | UncheckedIOException e) {
          problems.accept(p, "cannot list the directory: " + message(e));
        }
        found.sort(null);
        files.addAll(found);
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
        problems.accept(p, "not a regular file");
      } else {
        problems.accept(p, "no such file or directory");
      }
    }
    return files;
  }

  static String message(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
