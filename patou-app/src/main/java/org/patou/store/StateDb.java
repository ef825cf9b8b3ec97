package org.patou.store;

import java.io.Closeable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server's H2 database ({@code DATA/server/state.mv.db}): alerts, API tokens, rule states. One
 * connection, used under this object's lock.
 */
public final class StateDb implements Closeable {
  private final Connection conn;

  public StateDb(Path dir) throws SQLException {
    conn = DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS alerts (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
          + " rule_id VARCHAR(200) NOT NULL, rule_title VARCHAR(1000), level VARCHAR(20),"
          + " ts BIGINT NOT NULL, created BIGINT NOT NULL, first_event VARCHAR(40) NOT NULL,"
          + " event_ids VARCHAR(100000) NOT NULL, entities VARCHAR(100000) NOT NULL,"
          + " UNIQUE (rule_id, first_event))");
      s.execute("CREATE INDEX IF NOT EXISTS alerts_ts ON alerts (ts)");
      s.execute("CREATE TABLE IF NOT EXISTS tokens (hash VARCHAR(64) PRIMARY KEY,"
          + " name VARCHAR(100) NOT NULL, created BIGINT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS rule_state (rule_id VARCHAR(200) PRIMARY KEY,"
          + " enabled BOOLEAN NOT NULL)");
    }
  }

  /** Rule ids disabled through the API (kept across restarts). */
  public java.util.Set<String> disabledRules() throws SQLException {
    synchronized (this) {
      java.util.Set<String> out = new java.util.HashSet<>();
      try (Statement s = conn.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT rule_id FROM rule_state WHERE NOT enabled")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  public void setRuleEnabled(String ruleId, boolean enabled) throws SQLException {
    synchronized (this) {
      try (java.sql.PreparedStatement ps = conn.prepareStatement(
          "MERGE INTO rule_state (rule_id, enabled) KEY (rule_id) VALUES (?, ?)")) {
        ps.setString(1, ruleId);
        ps.setBoolean(2, enabled);
        ps.executeUpdate();
      }
    }
  }

  /** The connection; callers hold {@code synchronized (db)} while using it. */
  public Connection connection() {
    return conn;
  }

  @Override
  public synchronized void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      // closing
    }
  }
}
