package org.patou.rules;

import java.util.Locale;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.patou.hunt.Engine;
import org.patou.hunt.LoadSummary;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleSource;

/**
 * The rule sets installed in the data directory by {@code patou rules update}.
 *
 * <p>Layout: {@code <data>/rules/sets/<name>/} holds each installed set (the archive's tree as it
 * was, rule files and licence texts only); {@code <data>/rules/CURRENT} names the active one. An
 * update extracts into a hidden staging folder, loads it, and only when rules load renames it into
 * {@code sets/} and replaces {@code CURRENT} with an atomic rename: a failed update leaves the
 * active set untouched. The set before the active one is kept; older ones are deleted.
 */
public final class RuleStore {
  static final long MAX_ENTRY = 4L << 20;
  static final long MAX_TOTAL = 1L << 30;
  static final int MAX_ENTRIES = 200_000;
  private static final Pattern ID = Pattern.compile("(?m)^id:\\s*['\"]?([0-9A-Za-z_.-]+)");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path root;

  /** @param dataDir the data directory ({@code --data}) */
  public RuleStore(Path dataDir) {
    this.root = dataDir.resolve("rules");
  }

  /** The active installed set, or null when none was installed (or it is gone). */
  public Path current() {
    Path pointer = root.resolve("CURRENT");
    try {
      if (!Files.isRegularFile(pointer)) {
        return null;
      }
      String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
      if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
        return null;
      }
      Path set = root.resolve("sets").resolve(name);
      return Files.isDirectory(set) ? set : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The outcome of an update. */
  public record Update(
      Path set,
      int ruleFiles,
      LoadSummary load,
      int added,
      int removed,
      int changed,
      int unchanged) {}

  /** An update refused: the message says why; nothing was changed. */
  public static final class UpdateException extends Exception {
    private static final long serialVersionUID = 1L;

    public UpdateException(String message) {
      super(message);
    }
  }

  /**
   * Installs the rules of a SigmaHQ release archive.
   *
   * @param previous the rule tree now in use (to count what changed), or null
   */
  public Update update(Path zip, Engine engine, Path previous) throws IOException, UpdateException {
    Path sets = root.resolve("sets");
    Files.createDirectories(sets);
    String name = STAMP.format(Instant.now());
    for (int i = 2; Files.exists(sets.resolve(name)); i++) {
      name = STAMP.format(Instant.now()) + "-" + i;
    }
    Path staging = sets.resolve(".staging-" + name);
    deleteTree(staging);
    Files.createDirectories(staging);
    boolean installed = false;
    try {
      int ruleFiles = extract(zip, staging);
      if (ruleFiles == 0) {
        throw new UpdateException(zip + ": the archive holds no Sigma rule files (.yml)");
      }
      RuleTree.Read read = RuleTree.read(staging);
      LoadSummary load = engine.load(read.sources(), Level.INFORMATIONAL).summary();
      if (load.loaded() == 0) {
        throw new UpdateException(
            zip + ": none of its " + ruleFiles + " rule files loads; the rules in use are kept");
      }
      Map<String, String> before = previous == null ? Map.of() : fingerprints(RuleTree.read(previous).sources());
      Map<String, String> after = fingerprints(read.sources());
      int added = 0;
      int changed = 0;
      int unchanged = 0;
      for (Map.Entry<String, String> e : after.entrySet()) {
        String old = before.get(e.getKey());
        if (old == null) {
          added++;
        } else if (old.equals(e.getValue())) {
          unchanged++;
        } else {
          changed++;
        }
      }
      int removed = 0;
      for (String k : before.keySet()) {
        if (!after.containsKey(k)) {
          removed++;
        }
      }
      Path set = sets.resolve(name);
      Files.move(staging, set, StandardCopyOption.ATOMIC_MOVE);
      Path tmp = root.resolve(".CURRENT.tmp");
      Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, root.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, root.resolve("CURRENT"), StandardCopyOption.REPLACE_EXISTING);
      }
      installed = true;
      prune(sets, set, previous);
      return new Update(set, ruleFiles, load, added, removed, changed, unchanged);
    } finally {
      if (!installed) {
        deleteTree(staging);
      }
    }
  }

  /** Deletes installed sets other than the active one and the one before it. */
  private static void prune(Path sets, Path active, Path previous) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(sets)) {
      for (Path p : ds) {
        if (!p.equals(active) && (previous == null || !p.toAbsolutePath().normalize().equals(previous.toAbsolutePath().normalize()))) {
          deleteTree(p);
        }
      }
    }
  }

  /** Extracts rule files and licence texts; returns the number of rule files. */
  static int extract(Path zip, Path into) throws IOException, UpdateException {
    int rules = 0;
    int entries = 0;
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (++entries > MAX_ENTRIES) {
          throw new UpdateException(zip + ": more than " + MAX_ENTRIES + " entries");
        }
        if (e.isDirectory()) {
          continue;
        }
        String entry = e.getName().replace('\\', '/');
        String base = entry.substring(entry.lastIndexOf('/') + 1);
        boolean rule = RuleTree.isRuleFile(Path.of(base.isEmpty() ? "x" : base));
        boolean keep = rule || base.startsWith("LICENSE") || base.startsWith("README") || base.equals("VERSION");
        if (!keep) {
          continue;
        }
        Path target = into.resolve(entry).normalize();
        if (entry.startsWith("/") || entry.contains(":") || !target.startsWith(into)) {
          throw new UpdateException(zip + ": entry " + entry + " points outside the archive");
        }
        Files.createDirectories(target.getParent());
        long size = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
          int n;
          while ((n = in.read(buf)) > 0) {
            size += n;
            total += n;
            if (size > MAX_ENTRY || total > MAX_TOTAL) {
              throw new UpdateException(zip + ": entry " + entry + " is too large");
            }
            out.write(buf, 0, n);
          }
        }
        if (rule) {
          rules++;
        }
      }
    } catch (ZipException e) {
      throw new UpdateException(zip + ": not a readable zip archive (" + e.getMessage() + ")");
    }
    if (entries == 0) {
      throw new UpdateException(zip + ": not a zip archive, or an empty one");
    }
    return rules;
  }

  /** Rule id (or file name when the rule has none) to a digest of its text. */
  static Map<String, String> fingerprints(List<RuleSource> sources) {
    Map<String, String> out = new HashMap<>();
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (RuleSource s : sources) {
      Matcher m = ID.matcher(s.text());
      String key = m.find() ? m.group(1) : "file:" + s.name().substring(s.name().lastIndexOf('/') + 1);
      out.put(key, HexFormat.of().formatHex(sha.digest(s.text().getBytes(StandardCharsets.UTF_8))));
    }
    return out;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(p)) {
      walk.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path q : all) {
      Files.deleteIfExists(q);
    }
  }
}
