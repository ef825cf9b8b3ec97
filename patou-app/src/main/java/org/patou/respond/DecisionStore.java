package org.patou.respond;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.patou.decide.Decision;
import org.patou.decide.Scope;

/**
 * Decisions kept across restarts, in {@code <data>/patou.mv.db} (tables {@code decide_decisions}
 * and {@code decide_refusals}: attempts the allowlist stopped). Deleting a decision by hand marks it
 * deleted (kept for history and for counting repeat offences). One connection; not thread-safe.
 */
public final class DecisionStore implements AutoCloseable {
  private final Connection c;

  public DecisionStore(Path dataDir) throws SQLException {
    c = org.patou.store.DataDb.connect(dataDir);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS decide_decisions ("
          + "id BIGINT AUTO_INCREMENT PRIMARY KEY, type VARCHAR(16) NOT NULL, scope VARCHAR(8) NOT NULL,"
          + " val VARCHAR(256) NOT NULL, scenario VARCHAR(128) NOT NULL, reason VARCHAR(512),"
          + " origin VARCHAR(32) NOT NULL, created TIMESTAMP WITH TIME ZONE NOT NULL,"
          + " until TIMESTAMP WITH TIME ZONE NOT NULL, events INT NOT NULL, offence INT NOT NULL,"
          + " dry_run BOOLEAN NOT NULL, deleted BOOLEAN DEFAULT FALSE NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS decide_decisions_val ON decide_decisions(scope, val)");
      s.execute("CREATE TABLE IF NOT EXISTS decide_refusals ("
          + "id BIGINT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP WITH TIME ZONE NOT NULL, scope VARCHAR(8) NOT NULL,"
          + " val VARCHAR(256) NOT NULL, scenario VARCHAR(128) NOT NULL, entry VARCHAR(256) NOT NULL)");
    }
  }

  /** Stores a decision; returns it with its id. */
  public Decision add(Decision d) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO decide_decisions(type, scope, val, scenario, reason, origin, created, until, events, offence, dry_run)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, d.type());
      p.setString(2, d.scope().label());
      p.setString(3, d.value());
      p.setString(4, d.scenario());
      p.setString(5, d.reason());
      p.setString(6, d.origin());
      p.setObject(7, d.created().atOffset(java.time.ZoneOffset.UTC));
      p.setObject(8, d.until().atOffset(java.time.ZoneOffset.UTC));
      p.setInt(9, d.events());
      p.setInt(10, d.offence());
      p.setBoolean(11, d.dryRun());
      p.executeUpdate();
      try (ResultSet k = p.getGeneratedKeys()) {
        k.next();
        return d.withId(k.getLong(1));
      }
    }
  }

  /** Records that the allowlist stopped a decision. */
  public void refused(Instant at, Scope scope, String value, String scenario, String entry) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO decide_refusals(at, scope, val, scenario, entry) VALUES (?,?,?,?,?)")) {
      p.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
      p.setString(2, scope.label());
      p.setString(3, value);
      p.setString(4, scenario);
      p.setString(5, entry);
      p.executeUpdate();
    }
  }

  public int refusals() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM decide_refusals")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Decisions not deleted and not expired at {@code now}, oldest first. */
  public List<Decision> active(Instant now) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT * FROM decide_decisions WHERE NOT deleted AND until > ? ORDER BY id")) {
      p.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
      return read(p);
    }
  }

  /** Every decision ever stored (deleted ones too), oldest first. */
  public List<Decision> all() throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM decide_decisions ORDER BY id")) {
      return read(p);
    }
  }

  /** How many decisions a value already had: the offence count of the next one is this plus one. */
  public int offences(Scope scope, String value) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT COUNT(*) FROM decide_decisions WHERE scope = ? AND val = ? AND NOT dry_run")) {
      p.setString(1, scope.label());
      p.setString(2, value);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /**
   * {@link #offences(Scope, String)} for the decider's key ({@code "scope:value"}, see {@link
   * org.patou.decide.Decider}); 0 when the store cannot answer (a decision is still taken).
   */
  public int offences(String scopeValue) {
    int colon = scopeValue.indexOf(':');
    try {
      return offences(Scope.parse(scopeValue.substring(0, colon)), scopeValue.substring(colon + 1));
    } catch (SQLException | RuntimeException e) {
      return 0;
    }
  }

  /** The same, opening the store of {@code dataDir} for the question only. */
  public static int offences(java.nio.file.Path dataDir, String scopeValue) {
    try (DecisionStore s = new DecisionStore(dataDir)) {
      return s.offences(scopeValue);
    } catch (SQLException e) {
      return 0;
    }
  }

  /** Marks active decisions deleted, by id or by value; returns them. */
  public List<Decision> delete(Long id, String value, Instant now) throws SQLException {
    List<Decision> hit = new ArrayList<>();
    for (Decision d : active(now)) {
      if ((id != null && d.id() == id) || (value != null && d.value().equals(value))) {
        hit.add(d);
      }
    }
    try (PreparedStatement p = c.prepareStatement("UPDATE decide_decisions SET deleted = TRUE WHERE id = ?")) {
      for (Decision d : hit) {
        p.setLong(1, d.id());
        p.executeUpdate();
      }
    }
    return hit;
  }

  private static List<Decision> read(PreparedStatement p) throws SQLException {
    List<Decision> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(new Decision(r.getLong("id"), r.getString("type"), Scope.parse(r.getString("scope")),
            r.getString("val"), r.getString("scenario"), r.getString("reason"), r.getString("origin"),
            r.getObject("created", java.time.OffsetDateTime.class).toInstant(),
            r.getObject("until", java.time.OffsetDateTime.class).toInstant(), r.getInt("events"),
            r.getInt("offence"), r.getBoolean("dry_run")));
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }

}
