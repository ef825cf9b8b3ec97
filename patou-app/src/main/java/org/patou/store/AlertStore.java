package org.patou.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alerts in H2. Adding is idempotent per (rule, first event), so replaying the WAL after a crash
 * does not raise an alert twice.
 */
public final class AlertStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StateDb db;

  public AlertStore(StateDb db) {
    this.db = db;
  }

  /** A page of alerts and how many matched. */
  public record Page(long total, List<Alert> alerts) {}

  public void add(Alert a) throws SQLException {
    synchronized (db) {
      Connection c = db.connection();
      try (PreparedStatement ps = c.prepareStatement(
          "MERGE INTO alerts (rule_id, rule_title, level, ts, created, first_event, event_ids, entities)"
              + " KEY (rule_id, first_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, a.ruleId());
        ps.setString(2, a.ruleTitle());
        ps.setString(3, a.level());
        ps.setLong(4, a.timestamp());
        ps.setLong(5, a.created());
        ps.setString(6, a.eventIds().isEmpty() ? "" : a.eventIds().get(0));
        ps.setString(7, JSON.writeValueAsString(a.eventIds()));
        ps.setString(8, JSON.writeValueAsString(a.entities()));
        ps.executeUpdate();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException(e);
      }
    }
  }

  /**
   * Alerts whose event time is in [from, to], newest first. {@code q}: words that must all appear
   * (case-insensitive) in the rule id, title, level or entities; empty for all.
   */
  public Page search(String q, long from, long to, int limit) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE ts BETWEEN ? AND ?");
    List<String> words = new ArrayList<>();
    if (q != null && !q.isBlank()) {
      for (String w : q.trim().split("\\s+")) {
        words.add("%" + w.toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
        where.append(" AND LOWER(CONCAT(rule_id, ' ', COALESCE(rule_title, ''), ' ', COALESCE(level, ''), ' ', entities)) LIKE ?");
      }
    }
    synchronized (db) {
      Connection c = db.connection();
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alerts" + where)) {
        bind(ps, from, to, words);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<Alert> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, rule_id, rule_title, level, ts, created, event_ids, entities FROM alerts"
              + where + " ORDER BY ts DESC, id DESC LIMIT ?")) {
        int i = bind(ps, from, to, words);
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getLong(6),
                JSON.readValue(rs.getString(7), new TypeReference<List<String>>() {}),
                JSON.readValue(rs.getString(8), new TypeReference<Map<String, List<String>>>() {})));
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new SQLException(e);
        }
      }
      return new Page(total, out);
    }
  }

  private static int bind(PreparedStatement ps, long from, long to, List<String> words) throws SQLException {
    ps.setLong(1, from);
    ps.setLong(2, to);
    int i = 3;
    for (String w : words) {
      ps.setString(i++, w);
    }
    return i;
  }

  /** One alert by its id, or null. */
  public Alert get(long id) throws SQLException {
    synchronized (db) {
      try (PreparedStatement ps = db.connection().prepareStatement(
          "SELECT id, rule_id, rule_title, level, ts, created, event_ids, entities FROM alerts WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          return new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getLong(5), rs.getLong(6),
              JSON.readValue(rs.getString(7), new TypeReference<List<String>>() {}),
              JSON.readValue(rs.getString(8), new TypeReference<Map<String, List<String>>>() {}));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new SQLException(e);
        }
      }
    }
  }

  /** Number of stored alerts. */
  public long count() throws SQLException {
    return search(null, Long.MIN_VALUE, Long.MAX_VALUE, 0).total();
  }
}
