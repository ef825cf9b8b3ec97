package org.patou.rules;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.patou.hunt.RuleDocuments;
import org.patou.sigma.parse.RuleException;
import org.patou.sigma.parse.YNode;
import org.patou.sigma.parse.Yaml;
import org.patou.sigma.rule.RuleProblem;
import org.patou.sigma.rule.RuleSource;

/**
 * The YAML documents of rule files, kept on disk between runs: reading YAML was most of a hunt's
 * start-up (3,750 SigmaHQ files), and a rule tree rarely changes between two hunts.
 *
 * <p>One cache file per rule set (named by a digest of its file names), in a compact binary form
 * of {@link YNode} trees. Each entry is keyed by the SHA-256 of the file's text, so an edited file
 * is read again whatever its time stamps say; the file header holds a format number and a stamp of
 * the code that reads YAML (patou's version and the size and time of the jar holding {@link Yaml}),
 * so a new build never uses documents an older one read, and a CRC-32 of the whole file is checked
 * before any of it is used. A missing, stale, truncated or corrupt
 * cache file is ignored and rewritten: the cache can only save time, never change what loads.
 * Written to a temporary file and renamed, so a concurrent run sees the old file or the new one.
 * Not thread-safe: one {@link Session} per load.
 */
public final class RuleDocCache implements RuleDocuments {
  private static final int MAGIC = 0x50524443; // "PRDC"
  private static final int FORMAT = 1;
  private static final int MAX_DEPTH = 200;

  private final Path dir;
  private final String stamp;

  /**
   * @param dir where cache files go (created when missing)
   * @param stamp what identifies the code that produced the documents; a cache file with another
   *     stamp is ignored
   */
  public RuleDocCache(Path dir, String stamp) {
    this.dir = dir;
    this.stamp = stamp;
  }

  /**
   * The cache of this installation: {@code -Dpatou.cache=DIR} ({@code off} disables it), else
   * {@code $XDG_CACHE_HOME/patou}, else {@code ~/.cache/patou}. Null when disabled or no home.
   */
  public static RuleDocCache standard(String version) {
    String prop = System.getProperty("patou.cache");
    Path dir;
    if (prop != null && !prop.isBlank()) {
      if (prop.equals("off")) {
        return null;
      }
      dir = Path.of(prop);
    } else {
      String xdg = System.getenv("XDG_CACHE_HOME");
      String home = System.getProperty("user.home");
      if (xdg != null && !xdg.isBlank()) {
        dir = Path.of(xdg, "patou");
      } else if (home != null && !home.isBlank() && !home.equals("?")) {
        dir = Path.of(home, ".cache", "patou");
      } else {
        return null;
      }
    }
    return new RuleDocCache(dir.resolve("rules"), version + " " + codeStamp());
  }

  /** Size and time of the jar (or class folder) holding the YAML reader. */
  static String codeStamp() {
    try {
      var src = Yaml.class.getProtectionDomain().getCodeSource();
      if (src == null) {
        return "?";
      }
      Path p = Path.of(src.getLocation().toURI());
      return p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
    } catch (Exception e) {
      return "?"; // no stamp: fine for a cache keyed on content and version
    }
  }

  /** Opens the cache for one rule set: reads its file (if any, and usable) once. */
  @Override
  public Session open(List<RuleSource> sources) {
    MessageDigest sha = sha256();
    for (RuleSource s : sources) {
      sha.update(s.name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    Path file = dir.resolve("set-" + HexFormat.of().formatHex(sha.digest(), 0, 12) + ".bin");
    Map<String, Entry> entries = new HashMap<>();
    boolean usable = false;
    try (InputStream in = Files.newInputStream(file)) {
      CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(in, 1 << 16), new CRC32());
      DataInputStream data = new DataInputStream(checked);
      usable = read(data, entries);
      long crc = checked.getChecksum().getValue();
      if (usable && data.readLong() != crc) {
        usable = false; // bit rot or a torn write: every byte counts
      }
    } catch (NoSuchFileException e) {
      // first run for this set
    } catch (IOException | RuntimeException e) {
      entries.clear(); // corrupt: read everything again and rewrite it
    }
    if (!usable) {
      entries.clear();
    }
    return new Session(file, entries);
  }

  /** A cached file: the digest of its text and its documents. */
  private record Entry(byte[] digest, Yaml.Documents docs) {}

  /** The documents of one rule set's files, from the cache or read now. */
  public final class Session implements RuleDocuments.Session {
    private final Path file;
    private final Map<String, Entry> cached;
    private final Map<String, Entry> now = new LinkedHashMap<>();
    private final MessageDigest sha = sha256();
    private int hits;
    private int misses;

    private Session(Path file, Map<String, Entry> cached) {
      this.file = file;
      this.cached = cached;
    }

    /** The YAML documents of {@code s}: cached ones when its text is unchanged, else read now. */
    @Override
    public Yaml.Documents documents(RuleSource s) {
      byte[] digest = sha.digest(s.text().getBytes(StandardCharsets.UTF_8));
      Entry e = cached.get(s.name());
      if (e != null && Arrays.equals(e.digest(), digest)) {
        hits++;
      } else {
        misses++;
        e = new Entry(digest, Yaml.read(s.name(), s.text()));
      }
      now.put(s.name(), e);
      return e.docs();
    }

    public int hits() {
      return hits;
    }

    public int misses() {
      return misses;
    }

    /**
     * Writes the cache file when something was read now or a cached file is gone. Best effort: a
     * cache that cannot be written is left as it was (the next run reads the YAML again).
     */
    @Override
    public void save() {
      if (misses == 0 && now.size() == cached.size()) {
        return;
      }
      Path tmp = null;
      try {
        Files.createDirectories(dir);
        tmp = Files.createTempFile(dir, ".set-", ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
            BufferedOutputStream buf = new BufferedOutputStream(os, 1 << 16)) {
          CheckedOutputStream checked = new CheckedOutputStream(buf, new CRC32());
          DataOutputStream out = new DataOutputStream(checked);
          write(out, now);
          out.flush();
          new DataOutputStream(buf).writeLong(checked.getChecksum().getValue());
        }
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        tmp = null;
      } catch (IOException | RuntimeException e) {
        // best effort, see above
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            // nothing more to do
          }
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- format: header (magic, format, stamp, count), then per file: name, digest, error, documents

  private void write(DataOutputStream out, Map<String, Entry> entries) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    str(out, stamp);
    out.writeInt(entries.size());
    for (Map.Entry<String, Entry> me : entries.entrySet()) {
      Entry e = me.getValue();
      str(out, me.getKey());
      out.write(e.digest());
      RuleException err = e.docs().error();
      out.writeBoolean(err != null);
      if (err != null) {
        out.writeByte(err.kind().ordinal());
        out.writeInt(err.line());
        str(out, err.getMessage());
      }
      out.writeInt(e.docs().docs().size());
      for (YNode n : e.docs().docs()) {
        node(out, n);
      }
    }
    out.writeInt(MAGIC); // trailer: a truncated file never reads as complete
  }

  private static void node(DataOutputStream out, YNode n) throws IOException {
    if (n instanceof YNode.YScalar s) {
      out.writeByte(s.type().ordinal());
      out.writeInt(s.line());
      str(out, s.text());
    } else if (n instanceof YNode.YList l) {
      out.writeByte(LIST);
      out.writeInt(l.line());
      out.writeInt(l.items().size());
      for (YNode c : l.items()) {
        node(out, c);
      }
    } else {
      YNode.YMap m = (YNode.YMap) n;
      out.writeByte(MAP);
      out.writeInt(m.line());
      out.writeInt(m.entries().size());
      for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
        str(out, e.getKey());
        node(out, e.getValue());
      }
    }
  }

  private static final int LIST = 100;
  private static final int MAP = 101;
  private static final YNode.YScalar.Type[] TYPES = YNode.YScalar.Type.values();
  private static final RuleProblem.Kind[] KINDS = RuleProblem.Kind.values();

  /** Fills {@code into}; false when the file is of another format or code stamp. */
  private boolean read(DataInputStream in, Map<String, Entry> into) throws IOException {
    if (in.readInt() != MAGIC || in.readInt() != FORMAT || !stamp.equals(str(in))) {
      return false;
    }
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String name = str(in);
      byte[] digest = new byte[32];
      in.readFully(digest);
      RuleException err = null;
      if (in.readBoolean()) {
        RuleProblem.Kind kind = KINDS[in.readByte()];
        int line = in.readInt();
        err = new RuleException(kind, line, str(in));
      }
      int n = in.readInt();
      List<YNode> docs = new ArrayList<>(Math.min(n, 1024));
      for (int k = 0; k < n; k++) {
        docs.add(node(in, 0));
      }
      into.put(name, new Entry(digest, new Yaml.Documents(docs, err)));
    }
    if (in.readInt() != MAGIC) {
      throw new EOFException("no trailer");
    }
    return true;
  }

  private static YNode node(DataInputStream in, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("nested too deep");
    }
    int tag = in.readUnsignedByte();
    int line = in.readInt();
    if (tag == LIST) {
      int n = in.readInt();
      List<YNode> items = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        items.add(node(in, depth + 1));
      }
      return new YNode.YList(items, line);
    }
    if (tag == MAP) {
      int n = in.readInt();
      Map<String, YNode> entries = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String k = str(in);
        entries.put(k, node(in, depth + 1));
      }
      return new YNode.YMap(entries, line);
    }
    return new YNode.YScalar(str(in), TYPES[tag], line);
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (64 << 20)) {
      throw new IOException("bad string length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
