package org.patou.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.patou.sigma.rule.RuleProblem;
import org.patou.sigma.rule.RuleSource;

/**
 * Reads a tree of Sigma rule files: every {@code .yml}/{@code .yaml} below a directory, sorted,
 * decoded as strict UTF-8. A file that cannot be read or decoded is an invalid-rule problem, not an
 * exception. Sources are named by their path relative to the tree, with {@code /}.
 */
public final class RuleTree {
  private RuleTree() {}

  /** Largest rule file read (SigmaHQ's largest is a few tens of KB). */
  static final long MAX_FILE = 4L << 20;

  /** The rule sources of a tree and the files that could not be read. */
  public record Read(List<RuleSource> sources, List<RuleProblem> unreadable) {}

  public static boolean isRuleFile(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yml") || n.endsWith(".yaml");
  }

  /** Reads the tree under {@code root} (or the one file {@code root}). */
  public static Read read(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(root)) {
      files.add(root);
    } else {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> Files.isRegularFile(p) && isRuleFile(p)).forEach(files::add);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    files.sort(null);
    List<RuleSource> sources = new ArrayList<>(files.size());
    List<RuleProblem> unreadable = new ArrayList<>();
    Path base = Files.isRegularFile(root) ? root.getParent() : root;
    for (Path f : files) {
      String name = base == null ? f.toString() : base.relativize(f).toString().replace('\\', '/');
      try {
        if (Files.size(f) > MAX_FILE) {
          unreadable.add(problem(name, "larger than " + (MAX_FILE >> 20) + " MiB"));
          continue;
        }
        byte[] bytes = Files.readAllBytes(f);
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        sources.add(new RuleSource(name, text));
      } catch (CharacterCodingException e) {
        unreadable.add(problem(name, "not UTF-8 text"));
      } catch (IOException e) {
        unreadable.add(problem(name, "cannot read: " + e.getMessage()));
      }
    }
    return new Read(sources, unreadable);
  }

  private static RuleProblem problem(String file, String message) {
    return new RuleProblem(RuleProblem.Kind.INVALID, null, file, 0, message);
  }
}
