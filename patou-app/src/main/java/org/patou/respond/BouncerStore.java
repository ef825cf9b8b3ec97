package org.patou.respond;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.decide.Decision;
import org.patou.decide.Scope;

/**
 * Bouncers (CrowdSec-compatible enforcers that pull decisions with an {@code X-Api-Key}), kept
 * beside the decisions in {@code <data>/patou.mv.db}: table {@code bouncers} (name, SHA-256 of the
 * key, never the key; last pull) and {@code bouncer_sent} (the decisions each bouncer was last told
 * about, so a stream pull answers with what changed since, whatever the decisions' own times: a
 * scenario's decision carries the time of its events, which may be long past). Same database file
 * as {@link DecisionStore}, so {@code patou bouncers add} works while the server runs, as {@code
 * patou decisions add} does (the server opens it per request). One connection; not thread-safe.
 */
public final class BouncerStore implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Connection c;

  /** A registered bouncer (the key itself is not kept). */
  public record Bouncer(String name, Instant created, Instant lastPull, String userAgent, String address) {}

  /** What a bouncer was told: enough to tell it again that the decision is gone. */
  public record Sent(long id, String type, Scope scope, String value, String scenario, String origin, Instant until) {
    static Sent of(Decision d) {
      return new Sent(d.id(), d.type(), d.scope(), d.value(), d.scenario(), d.origin(), d.until());
    }
  }

  public BouncerStore(Path dataDir) throws SQLException {
    c = org.patou.store.DataDb.connect(dataDir);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bouncers (name VARCHAR(128) PRIMARY KEY, key_hash VARCHAR(64) NOT NULL UNIQUE,"
          + " created TIMESTAMP WITH TIME ZONE NOT NULL, last_pull TIMESTAMP WITH TIME ZONE,"
          + " user_agent VARCHAR(256), address VARCHAR(64))");
      s.execute("CREATE TABLE IF NOT EXISTS bouncer_sent (bouncer VARCHAR(128) NOT NULL, decision_id BIGINT NOT NULL,"
          + " type VARCHAR(16) NOT NULL, scope VARCHAR(8) NOT NULL, val VARCHAR(256) NOT NULL,"
          + " scenario VARCHAR(128) NOT NULL, origin VARCHAR(32) NOT NULL, until TIMESTAMP WITH TIME ZONE NOT NULL,"
          + " PRIMARY KEY (bouncer, decision_id))");
    }
  }

  /** A new random key: 32 bytes, hex (CrowdSec's keys are hex too, so bouncer configs take it as is). */
  public static String newKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Registers a bouncer with this key (a new one from {@link #newKey()}, or one given, like
   * {@code cscli bouncers add NAME -k KEY}); returns the key, which is not kept.
   */
  public String add(String name, String key) throws SQLException {
    if (name == null || name.isBlank() || name.length() > 128) {
      throw new IllegalArgumentException("a bouncer name of 1 to 128 characters is needed");
    }
    if (key == null || key.length() < 16 || key.length() > 200) {
      throw new IllegalArgumentException("an API key of 16 to 200 characters is needed");
    }
    if (find(name) != null) {
      throw new IllegalArgumentException("bouncer " + name + " already exists");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO bouncers(name, key_hash, created) VALUES (?,?,?)")) {
      p.setString(1, name);
      p.setString(2, hash(key));
      p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
      p.executeUpdate();
    } catch (SQLException e) {
      if (e.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
        throw new IllegalArgumentException("this API key is already given to another bouncer", e);
      }
      throw e;
    }
    return key;
  }

  /** Deletes a bouncer (its key stops working at once); false when there was none of that name. */
  public boolean delete(String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM bouncer_sent WHERE bouncer = ?")) {
      p.setString(1, name);
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM bouncers WHERE name = ?")) {
      p.setString(1, name);
      return p.executeUpdate() > 0;
    }
  }

  public List<Bouncer> list() throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM bouncers ORDER BY name")) {
      return read(p);
    }
  }

  public Bouncer find(String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM bouncers WHERE name = ?")) {
      p.setString(1, name);
      List<Bouncer> l = read(p);
      return l.isEmpty() ? null : l.get(0);
    }
  }

  /** The bouncer holding this key, or null (compared by hash). */
  public Bouncer authenticate(String key) throws SQLException {
    if (key == null || key.isEmpty() || key.length() > 200) {
      return null;
    }
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM bouncers WHERE key_hash = ?")) {
      p.setString(1, hash(key));
      List<Bouncer> l = read(p);
      return l.isEmpty() ? null : l.get(0);
    }
  }

  /** Records a pull (shown by {@code patou bouncers list}). */
  public void pulled(String name, Instant at, String userAgent, String address) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "UPDATE bouncers SET last_pull = ?, user_agent = ?, address = ? WHERE name = ?")) {
      p.setObject(1, at.atOffset(ZoneOffset.UTC));
      p.setString(2, userAgent == null ? null : truncate(userAgent, 256));
      p.setString(3, address == null ? null : truncate(address, 64));
      p.setString(4, name);
      p.executeUpdate();
    }
  }

  /** What this bouncer was last told is active, by decision id. */
  public Map<Long, Sent> sent(String name) throws SQLException {
    Map<Long, Sent> out = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM bouncer_sent WHERE bouncer = ? ORDER BY decision_id")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.put(r.getLong("decision_id"), new Sent(r.getLong("decision_id"), r.getString("type"),
              Scope.parse(r.getString("scope")), r.getString("val"), r.getString("scenario"), r.getString("origin"),
              r.getObject("until", OffsetDateTime.class).toInstant()));
        }
      }
    }
    return out;
  }

  /** Replaces what this bouncer was told, in one transaction. */
  public void setSent(String name, List<Decision> decisions) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM bouncer_sent WHERE bouncer = ?")) {
        p.setString(1, name);
        p.executeUpdate();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO bouncer_sent(bouncer, decision_id, type, scope, val,"
          + " scenario, origin, until) VALUES (?,?,?,?,?,?,?,?)")) {
        for (Decision d : decisions) {
          p.setString(1, name);
          p.setLong(2, d.id());
          p.setString(3, d.type());
          p.setString(4, d.scope().label());
          p.setString(5, d.value());
          p.setString(6, d.scenario());
          p.setString(7, d.origin());
          p.setObject(8, d.until().atOffset(ZoneOffset.UTC));
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static List<Bouncer> read(PreparedStatement p) throws SQLException {
    List<Bouncer> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        OffsetDateTime last = r.getObject("last_pull", OffsetDateTime.class);
        out.add(new Bouncer(r.getString("name"), r.getObject("created", OffsetDateTime.class).toInstant(),
            last == null ? null : last.toInstant(), r.getString("user_agent"), r.getString("address")));
      }
    }
    return out;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
