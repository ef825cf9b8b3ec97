package org.patou.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import org.patou.store.StateDb;

/**
 * API tokens: only their SHA-256 is stored (table {@code tokens}); a token is {@code patou_} and 32
 * random bytes in base64url. Checked on every request. Thread-safe.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final StateDb db;

  public Tokens(StateDb db) {
    this.db = db;
  }

  /** What {@link #bootstrap} did: the token to print once, or null when none is to be printed. */
  public record Bootstrap(String printOnce, String message) {}

  /**
   * At start: with {@code file}, use the token in it (first line), or write a new one there (mode
   * 0600) when it does not exist; without, create an admin token when there is none yet and return
   * it to print once.
   */
  public Bootstrap bootstrap(Path file) throws IOException, SQLException {
    if (file != null) {
      if (Files.exists(file)) {
        String t = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (t.length() < 16) {
          throw new IOException(file + ": the admin token must have at least 16 characters");
        }
        add(t, "admin");
        return new Bootstrap(null, "admin token: from " + file);
      }
      String t = newToken();
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, t + "\n", StandardCharsets.UTF_8);
      add(t, "admin");
      return new Bootstrap(null, "admin token: written to " + file + " (mode 0600)");
    }
    if (count() > 0) {
      return new Bootstrap(null, "admin token: already created (only its hash is kept)");
    }
    String t = newToken();
    add(t, "admin");
    return new Bootstrap(t, "admin token (shown once, only its hash is kept): " + t);
  }

  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "patou_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public void add(String token, String name) throws SQLException {
    synchronized (db) {
      try (PreparedStatement ps = db.connection().prepareStatement(
          "MERGE INTO tokens (hash, name, created) KEY (hash) VALUES (?, ?, ?)")) {
        ps.setString(1, hash(token));
        ps.setString(2, name);
        ps.setLong(3, System.currentTimeMillis());
        ps.executeUpdate();
      }
    }
  }

  public long count() throws SQLException {
    synchronized (db) {
      try (PreparedStatement ps = db.connection().prepareStatement("SELECT COUNT(*) FROM tokens");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A token as listed: its name, when it was made, and the start of its hash (never the token). */
  public record Info(String name, long created, String hashPrefix) {}

  /** Every token, oldest first. */
  public java.util.List<Info> list() throws SQLException {
    java.util.List<Info> out = new java.util.ArrayList<>();
    synchronized (db) {
      try (PreparedStatement ps = db.connection().prepareStatement("SELECT name, created, hash FROM tokens ORDER BY created, name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Info(rs.getString(1), rs.getLong(2), rs.getString(3).substring(0, 12)));
        }
      }
    }
    return out;
  }

  /** A new token named {@code name} (letters, digits, {@code . _ -}; unique), returned once. */
  public String create(String name) throws SQLException {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("name: 1 to 64 letters, digits, '.', '_' or '-'");
    }
    synchronized (db) {
      if (list().stream().anyMatch(i -> i.name().equals(name))) {
        throw new IllegalStateException("a token named " + name + " exists");
      }
      String t = newToken();
      add(t, name);
      return t;
    }
  }

  /**
   * Revokes every token named {@code name}; returns how many. Refuses to remove the last tokens,
   * which would lock everyone out of the API (a new admin token then needs a restart with
   * {@code --admin-token-file}).
   */
  public int revoke(String name) throws SQLException {
    synchronized (db) {
      java.util.List<Info> all = list();
      long named = all.stream().filter(i -> i.name().equals(name)).count();
      if (named > 0 && named == all.size()) {
        throw new IllegalStateException("refusing to revoke the last token: create another one first");
      }
      try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM tokens WHERE name = ?")) {
        ps.setString(1, name);
        return ps.executeUpdate();
      }
    }
  }

  /** True for a known token (compared by hash; the lookup does not reveal a prefix match). */
  public boolean check(String token) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      return false;
    }
    try {
      synchronized (db) {
        try (PreparedStatement ps = db.connection().prepareStatement("SELECT 1 FROM tokens WHERE hash = ?")) {
          ps.setString(1, hash(token));
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
          }
        }
      }
    } catch (SQLException e) {
      return false;
    }
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
