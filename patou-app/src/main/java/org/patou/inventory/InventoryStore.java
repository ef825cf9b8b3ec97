package org.patou.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.patou.vuln.Advisory;
import org.patou.vuln.FeedData;
import org.patou.vuln.Finding;
import org.patou.vuln.Matcher;
import org.patou.vuln.Namespace;

/**
 * patou's inventory and vulnerability state in H2, file {@code <data>/patou.mv.db}. Tables are
 * prefixed {@code inv_} and {@code vuln_} so other parts of patou can share the database. Every
 * public write is one transaction: a failure rolls back and leaves the previous state (a failed feed
 * import keeps the previous feed). Findings are recomputed in the same transaction after each
 * import, so they always agree with software and feeds. One instance per thread; H2 locks the file
 * against other processes.
 */
public final class InventoryStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection c;
  private final java.util.function.Supplier<Instant> clock;

  public InventoryStore(Path dataDir) throws SQLException {
    this(dataDir, Instant::now);
  }

  public InventoryStore(Path dataDir, java.util.function.Supplier<Instant> clock) throws SQLException {
    this.clock = clock;
    c = org.patou.store.DataDb.connect(dataDir);
    c.setAutoCommit(false);
    schema();
  }

  private void schema() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("create table if not exists inv_asset(akey varchar primary key, name varchar not null,"
          + " addresses varchar not null, macs varchar not null, os_id varchar, os_version varchar,"
          + " owner varchar, role varchar, criticality int not null, tags varchar not null,"
          + " first_seen timestamp with time zone, last_seen timestamp with time zone)");
      s.execute("create table if not exists inv_software(akey varchar not null, origin varchar not null,"
          + " name varchar not null, version varchar not null, namespace varchar not null,"
          + " source_name varchar, purl varchar)");
      s.execute("create index if not exists inv_software_a on inv_software(akey)");
      s.execute("create table if not exists inv_door(akey varchar not null, source varchar not null,"
          + " address varchar, port int not null, protocol varchar not null, service varchar,"
          + " product varchar, version varchar, exposed boolean not null)");
      // Added with live discovery and exposure config; "if not exists" upgrades older databases.
      s.execute("alter table inv_door add column if not exists evidence varchar");
      s.execute("alter table inv_door add column if not exists first_seen timestamp with time zone");
      s.execute("alter table inv_door add column if not exists last_seen timestamp with time zone");
      s.execute("create table if not exists inv_seen(akey varchar not null, source varchar not null,"
          + " detail varchar, first_seen timestamp with time zone not null,"
          + " last_seen timestamp with time zone not null, primary key(akey, source))");
      s.execute("create table if not exists inv_note(akey varchar not null, origin varchar not null,"
          + " kind varchar not null, val varchar not null)");
      s.execute("create table if not exists inv_attack(akey varchar not null,"
          + " seen_at timestamp with time zone not null, description varchar not null)");
      s.execute("create table if not exists vuln_feed(fkey varchar primary key, kind varchar not null,"
          + " version varchar, imported_at timestamp with time zone not null, records int not null, file varchar)");
      s.execute("create table if not exists vuln_advisory(feed varchar not null, id varchar not null,"
          + " aliases varchar not null, namespace varchar not null, pkg varchar not null,"
          + " ranges varchar not null, versions varchar not null)");
      s.execute("create index if not exists vuln_advisory_np on vuln_advisory(namespace, pkg)");
      s.execute("create index if not exists vuln_advisory_f on vuln_advisory(feed)");
      s.execute("create table if not exists vuln_kev(cve varchar primary key, date_added varchar not null,"
          + " due_date varchar, ransomware varchar, name varchar)");
      s.execute("create table if not exists vuln_epss(cve varchar primary key, epss double precision not null,"
          + " percentile double precision not null)");
      s.execute("create table if not exists vuln_cvss(feed varchar not null, cve varchar not null,"
          + " score double precision not null, version varchar, vector varchar)");
      s.execute("create index if not exists vuln_cvss_c on vuln_cvss(cve)");
      s.execute("create table if not exists vuln_finding(akey varchar not null, pkg varchar not null,"
          + " installed varchar not null, fixed varchar, vulnerability varchar not null,"
          + " aliases varchar not null, namespace varchar not null, feed varchar not null)");
    }
    c.commit();
  }

  // ---------------------------------------------------------------- assets

  /** All assets, by name. */
  public List<Asset> assets() throws SQLException {
    List<Asset> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select * from inv_asset order by akey")) {
      while (r.next()) {
        out.add(asset(r));
      }
    }
    return out;
  }

  /** The asset with that identity key, or null. */
  public Asset asset(String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select * from inv_asset where akey = ?")) {
      p.setString(1, Asset.key(name));
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? asset(r) : null;
      }
    }
  }

  private static Asset asset(ResultSet r) throws SQLException {
    return new Asset(r.getString("name"), split(r.getString("addresses")), split(r.getString("macs")),
        r.getString("os_id"), r.getString("os_version"), r.getString("owner"), r.getString("role"),
        r.getInt("criticality"), split(r.getString("tags")));
  }

  private static List<String> split(String s) {
    return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
  }

  private static String join(List<String> l) {
    return String.join(",", l);
  }

  /** Sets owner, role, criticality, tags (null leaves a value as it is). Creates the asset if new. */
  public void setAttributes(String name, String owner, String role, Integer criticality, List<String> tags)
      throws SQLException {
    inTransaction(() -> {
      Asset a = asset(name);
      Asset base = a != null ? a : Asset.named(name);
      Asset n = new Asset(base.name(), base.addresses(), base.macs(), base.osId(), base.osVersion(),
          owner != null ? owner : base.owner(), role != null ? role : base.role(),
          criticality != null ? criticality : base.criticality(), tags != null ? tags : base.tags());
      write(n, a == null);
      return null;
    });
  }

  /** Records attack activity seen against an asset (raises its findings' priority for 30 days). */
  public void recordAttack(String name, Instant at, String description) throws SQLException {
    inTransaction(() -> {
      try (PreparedStatement p = c.prepareStatement("insert into inv_attack values (?, ?, ?)")) {
        p.setString(1, Asset.key(name));
        p.setObject(2, at.atOffset(java.time.ZoneOffset.UTC));
        p.setString(3, description);
        p.executeUpdate();
      }
      return null;
    });
  }

  /** Attack descriptions against the asset since the given instant. */
  public List<String> attacksSince(String name, Instant since) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(
        "select description from inv_attack where akey = ? and seen_at >= ? order by seen_at")) {
      p.setString(1, Asset.key(name));
      p.setObject(2, since.atOffset(java.time.ZoneOffset.UTC));
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Merges an inventory snapshot: resolves each host to an asset by the identity rules, merges its
   * attributes, replaces its software of the same origin and its doors of the same source, then
   * recomputes findings. One transaction.
   *
   * @param origin what brought the software ({@code dpkg-status}, {@code collect}...)
   * @param assetOverride when non-null and the file holds exactly one host, that host is this asset
   * @param osOverride {@code ID:VERSION} from {@code --os}, or null
   * @return the names of the assets touched
   */
  public List<String> importInventory(Inventory inv, String origin, String assetOverride, String osOverride)
      throws SQLException, ParseException {
    try {
      return importInventory0(inv, origin, assetOverride, osOverride);
    } catch (SQLException e) {
      if (e.getCause() instanceof ParseException p) {
        throw p;
      }
      throw e;
    }
  }

  /**
   * Imports several snapshots in one transaction (origin = each one's format): all or nothing.
   *
   * @return per snapshot, the names of the assets touched
   */
  public List<List<String>> importAll(List<Inventory> invs, String assetOverride, String osOverride)
      throws SQLException, ParseException {
    try {
      return inTransaction(() -> {
        List<List<String>> out = new ArrayList<>();
        for (Inventory inv : invs) {
          out.add(merge(inv, inv.format(), assetOverride, osOverride));
        }
        refreshFindings();
        return out;
      });
    } catch (SQLException e) {
      if (e.getCause() instanceof ParseException p) {
        throw p;
      }
      throw e;
    }
  }

  private List<String> importInventory0(Inventory inv, String origin, String assetOverride, String osOverride)
      throws SQLException {
    return inTransaction(() -> {
      List<String> touched = merge(inv, origin, assetOverride, osOverride);
      refreshFindings();
      return touched;
    });
  }

  private List<String> merge(Inventory inv, String origin, String assetOverride, String osOverride)
      throws SQLException, ParseException {
    {
      if (inv.replacesDoorsOf() != null) {
        exec("delete from inv_door where source = ?", inv.replacesDoorsOf());
      }
      List<String> touched = new ArrayList<>();
      for (Inventory.Host h : inv.hosts()) {
        Asset given = h.asset();
        // A whole-picture source (a ruleset) names its own hosts: --asset is the firewall there.
        if (assetOverride != null && inv.hosts().size() == 1 && inv.replacesDoorsOf() == null) {
          given = new Asset(assetOverride, given.addresses(), given.macs(), given.osId(), given.osVersion(),
              given.owner(), given.role(), given.criticality(), given.tags());
        }
        if (osOverride != null) {
          int i = osOverride.indexOf(':');
          given = i < 0 ? given.withOs(osOverride, null) : given.withOs(osOverride.substring(0, i), osOverride.substring(i + 1));
        }
        Asset existing = resolve(given);
        Asset merged = merge(existing, given);
        write(merged, existing == null);
        String key = Asset.key(merged.name());
        if (h.software() != null) {
          replaceSoftware(key, origin, resolveNamespaces(origin, merged, h.software()));
        }
        if (h.doors() != null) {
          String source = h.doors().isEmpty() ? inv.format() : h.doors().get(0).source();
          try (PreparedStatement p = c.prepareStatement("delete from inv_door where akey = ? and source = ?")) {
            p.setString(1, key);
            p.setString(2, source);
            p.executeUpdate();
          }
          insertDoors(key, h.doors());
        }
        if (!h.admins().isEmpty() || !h.remoteAccessTools().isEmpty()) {
          try (PreparedStatement p = c.prepareStatement("delete from inv_note where akey = ? and origin = ?")) {
            p.setString(1, key);
            p.setString(2, origin);
            p.executeUpdate();
          }
          try (PreparedStatement p = c.prepareStatement("insert into inv_note values (?,?,?,?)")) {
            for (String a : h.admins()) {
              note(p, key, origin, "admin", a);
            }
            for (String t : h.remoteAccessTools()) {
              note(p, key, origin, "remote-access", t);
            }
            p.executeBatch();
          }
        }
        touched.add(merged.name());
      }
      return touched;
    }
  }

  private void insertDoors(String key, List<Door> doors) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("insert into inv_door(akey, source, address, port, protocol,"
        + " service, product, version, exposed, evidence, first_seen, last_seen) values (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (Door d : doors) {
        p.setString(1, key);
        p.setString(2, d.source());
        p.setString(3, d.address());
        p.setInt(4, d.port());
        p.setString(5, d.protocol());
        p.setString(6, d.service());
        p.setString(7, d.product());
        p.setString(8, d.version());
        p.setBoolean(9, d.exposed());
        p.setString(10, d.evidence());
        p.setObject(11, utc(d.firstSeen()));
        p.setObject(12, utc(d.lastSeen()));
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static java.time.OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(java.time.ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet r, String col) throws SQLException {
    java.time.OffsetDateTime t = r.getObject(col, java.time.OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void note(PreparedStatement p, String key, String origin, String kind, String v) throws SQLException {
    p.setString(1, key);
    p.setString(2, origin);
    p.setString(3, kind);
    p.setString(4, v);
    p.addBatch();
  }

  private List<Software> resolveNamespaces(String origin, Asset a, List<Software> sw) throws ParseException {
    List<Software> out = new ArrayList<>(sw.size());
    for (Software s : sw) {
      if (Importers.OS_PLACEHOLDERS.contains(s.namespace())) {
        if (a.osId() == null || a.osVersion() == null) {
          throw new ParseException(origin, "asset " + a.name(),
              "the file does not say which OS release its " + s.namespace()
                  + " packages come from: give --os ID:VERSION (e.g. alpine:3.11, debian:12)");
        }
        s = new Software(s.name(), s.version(), Namespace.forOs(a.osId(), a.osVersion()), s.sourceName(), s.purl());
      }
      out.add(s);
    }
    return out;
  }

  private void replaceSoftware(String key, String origin, List<Software> sw) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("delete from inv_software where akey = ? and origin = ?")) {
      p.setString(1, key);
      p.setString(2, origin);
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("insert into inv_software values (?,?,?,?,?,?,?)")) {
      for (Software s : sw) {
        p.setString(1, key);
        p.setString(2, origin);
        p.setString(3, s.name());
        p.setString(4, s.version());
        p.setString(5, s.namespace());
        p.setString(6, s.sourceName());
        p.setString(7, s.purl());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * Identity: a named host is the asset of that key; failing that (or for a host without name) the
   * asset holding one of its MAC addresses, then one holding one of its IP addresses.
   */
  private Asset resolve(Asset given) throws SQLException {
    if (given.name() != null && !given.name().isBlank()) {
      Asset a = asset(given.name());
      if (a != null) {
        return a;
      }
    }
    List<Asset> all = assets();
    for (Asset a : all) {
      for (String m : given.macs()) {
        if (a.macs().contains(m)) {
          return a;
        }
      }
    }
    for (Asset a : all) {
      for (String ad : given.addresses()) {
        if (a.addresses().contains(ad)) {
          return a;
        }
      }
    }
    return null;
  }

  private static Asset merge(Asset old, Asset given) {
    String name = old != null ? old.name()
        : (given.name() != null && !given.name().isBlank() ? given.name()
            : (!given.addresses().isEmpty() ? given.addresses().get(0) : given.macs().get(0)));
    if (old == null) {
      return new Asset(name, given.addresses(), given.macs(), given.osId(), given.osVersion(), given.owner(),
          given.role(), given.criticality(), given.tags());
    }
    return new Asset(name, union(old.addresses(), given.addresses()), union(old.macs(), given.macs()),
        given.osId() != null ? given.osId() : old.osId(),
        given.osVersion() != null ? given.osVersion() : old.osVersion(),
        given.owner() != null ? given.owner() : old.owner(), given.role() != null ? given.role() : old.role(),
        old.criticality(), union(old.tags(), given.tags()));
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }

  private void write(Asset a, boolean isNew) throws SQLException {
    Timestamp now = Timestamp.from(clock.get());
    if (isNew) {
      try (PreparedStatement p = c.prepareStatement("insert into inv_asset values (?,?,?,?,?,?,?,?,?,?,?,?)")) {
        p.setString(1, Asset.key(a.name()));
        p.setString(2, a.name());
        p.setString(3, join(a.addresses()));
        p.setString(4, join(a.macs()));
        p.setString(5, a.osId());
        p.setString(6, a.osVersion());
        p.setString(7, a.owner());
        p.setString(8, a.role());
        p.setInt(9, a.criticality());
        p.setString(10, join(a.tags()));
        p.setTimestamp(11, now);
        p.setTimestamp(12, now);
        p.executeUpdate();
      }
    } else {
      try (PreparedStatement p = c.prepareStatement("update inv_asset set addresses=?, macs=?, os_id=?,"
          + " os_version=?, owner=?, role=?, criticality=?, tags=?, last_seen=? where akey=?")) {
        p.setString(1, join(a.addresses()));
        p.setString(2, join(a.macs()));
        p.setString(3, a.osId());
        p.setString(4, a.osVersion());
        p.setString(5, a.owner());
        p.setString(6, a.role());
        p.setInt(7, a.criticality());
        p.setString(8, join(a.tags()));
        p.setTimestamp(9, now);
        p.setString(10, Asset.key(a.name()));
        p.executeUpdate();
      }
    }
  }

  /**
   * Merges what events showed ({@code patou serve}'s discovery): each host is resolved by the
   * identity rules (name, then address; observations carry no MACs) and created when new; its
   * addresses are unioned; the source's sighting and door are added or updated in place, keeping
   * the earliest first-seen and the latest last-seen. Nothing is replaced (events add facts one at a
   * time), findings are not recomputed (software does not change). One transaction.
   *
   * @return the number of assets created
   */
  public int observe(List<Sighting> sightings) throws SQLException {
    return inTransaction(() -> {
      Map<String, Asset> byKey = new LinkedHashMap<>();
      Map<String, String> byAddress = new java.util.HashMap<>();
      for (Asset a : assets()) {
        byKey.put(Asset.key(a.name()), a);
        for (String ad : a.addresses()) {
          byAddress.putIfAbsent(ad, Asset.key(a.name()));
        }
      }
      int created = 0;
      for (Sighting s : sightings) {
        boolean named = s.name() != null && !s.name().isBlank();
        if (!named && s.addresses().isEmpty()) {
          continue;
        }
        String key = named && byKey.containsKey(Asset.key(s.name())) ? Asset.key(s.name()) : null;
        for (int i = 0; key == null && i < s.addresses().size(); i++) {
          key = byAddress.get(s.addresses().get(i));
        }
        Asset old = key == null ? null : byKey.get(key);
        Asset given = new Asset(named ? s.name().trim() : "", s.addresses(), List.of(), null, null, null, null,
            Asset.DEFAULT_CRITICALITY, List.of());
        Asset merged = merge(old, given);
        key = Asset.key(merged.name());
        if (old == null) {
          try (PreparedStatement p = c.prepareStatement("insert into inv_asset values (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, key);
            p.setString(2, merged.name());
            p.setString(3, join(merged.addresses()));
            p.setString(4, "");
            p.setString(5, null);
            p.setString(6, null);
            p.setString(7, null);
            p.setString(8, null);
            p.setInt(9, merged.criticality());
            p.setString(10, "");
            p.setObject(11, utc(s.firstSeen()));
            p.setObject(12, utc(s.lastSeen()));
            p.executeUpdate();
          }
          created++;
        } else {
          try (PreparedStatement p = c.prepareStatement("update inv_asset set addresses = ?,"
              + " first_seen = least(coalesce(first_seen, ?), ?), last_seen = greatest(coalesce(last_seen, ?), ?) where akey = ?")) {
            p.setString(1, join(merged.addresses()));
            p.setObject(2, utc(s.firstSeen()));
            p.setObject(3, utc(s.firstSeen()));
            p.setObject(4, utc(s.lastSeen()));
            p.setObject(5, utc(s.lastSeen()));
            p.setString(6, key);
            p.executeUpdate();
          }
        }
        byKey.put(key, merged);
        for (String ad : merged.addresses()) {
          byAddress.putIfAbsent(ad, key);
        }
        seen(key, s);
        if (s.door() != null) {
          observeDoor(key, s);
        }
      }
      return created;
    });
  }

  private void seen(String key, Sighting s) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update inv_seen set detail = coalesce(?, detail),"
        + " first_seen = least(first_seen, ?), last_seen = greatest(last_seen, ?) where akey = ? and source = ?")) {
      p.setString(1, s.detail());
      p.setObject(2, utc(s.firstSeen()));
      p.setObject(3, utc(s.lastSeen()));
      p.setString(4, key);
      p.setString(5, s.source());
      if (p.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement p = c.prepareStatement("insert into inv_seen values (?,?,?,?,?)")) {
      p.setString(1, key);
      p.setString(2, s.source());
      p.setString(3, s.detail());
      p.setObject(4, utc(s.firstSeen()));
      p.setObject(5, utc(s.lastSeen()));
      p.executeUpdate();
    }
  }

  /** One row per (asset, source, port, protocol): a service seen answering becomes exposed once seen reached from outside. */
  private void observeDoor(String key, Sighting s) throws SQLException {
    Door d = s.door();
    try (PreparedStatement p = c.prepareStatement("update inv_door set exposed = exposed or ?,"
        + " evidence = case when ? then coalesce(?, evidence) when exposed then evidence else coalesce(?, evidence) end,"
        + " address = coalesce(?, address), service = coalesce(?, service), product = coalesce(?, product),"
        + " version = coalesce(?, version), first_seen = least(coalesce(first_seen, ?), ?),"
        + " last_seen = greatest(coalesce(last_seen, ?), ?) where akey = ? and source = ? and port = ? and protocol = ?")) {
      p.setBoolean(1, d.exposed());
      p.setBoolean(2, d.exposed());
      p.setString(3, d.evidence());
      p.setString(4, d.evidence());
      p.setString(5, d.address());
      p.setString(6, d.service());
      p.setString(7, d.product());
      p.setString(8, d.version());
      p.setObject(9, utc(s.firstSeen()));
      p.setObject(10, utc(s.firstSeen()));
      p.setObject(11, utc(s.lastSeen()));
      p.setObject(12, utc(s.lastSeen()));
      p.setString(13, key);
      p.setString(14, s.source());
      p.setInt(15, d.port());
      p.setString(16, d.protocol());
      if (p.executeUpdate() > 0) {
        return;
      }
    }
    insertDoors(key, List.of(new Door(d.address(), d.port(), d.protocol(), d.service(), d.product(), d.version(),
        d.exposed(), s.source(), d.evidence(), s.firstSeen(), s.lastSeen())));
  }

  /** Which event sources saw the asset: source, detail, first and last seen. */
  public record Seen(String source, String detail, Instant firstSeen, Instant lastSeen) {}

  /** The asset's sightings in events, by source. */
  public List<Seen> seen(String name) throws SQLException {
    List<Seen> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("select * from inv_seen where akey = ? order by source")) {
      p.setString(1, Asset.key(name));
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Seen(r.getString("source"), r.getString("detail"), instant(r, "first_seen"), instant(r, "last_seen")));
        }
      }
    }
    return out;
  }

  /** The asset's software, all origins, by name. */
  public List<Software> software(String name) throws SQLException {
    List<Software> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(
        "select distinct name, version, namespace, source_name, purl from inv_software where akey = ? order by name, version")) {
      p.setString(1, Asset.key(name));
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Software(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
        }
      }
    }
    return out;
  }

  /** The asset's doors, by port. */
  public List<Door> doors(String name) throws SQLException {
    List<Door> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("select * from inv_door where akey = ? order by port, protocol, source")) {
      p.setString(1, Asset.key(name));
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Door(r.getString("address"), r.getInt("port"), r.getString("protocol"), r.getString("service"),
              r.getString("product"), r.getString("version"), r.getBoolean("exposed"), r.getString("source"),
              r.getString("evidence"), instant(r, "first_seen"), instant(r, "last_seen")));
        }
      }
    }
    return out;
  }

  /** Notes (admin accounts, remote-access tools) of the asset: kind to values. */
  public Map<String, List<String>> notes(String name) throws SQLException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement("select kind, val from inv_note where akey = ? order by kind, val")) {
      p.setString(1, Asset.key(name));
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- feeds

  /**
   * Writes feeds in one transaction: each replaces the data of its key (KEV and EPSS are single
   * catalogues and replace all of theirs), then findings are recomputed. On any failure nothing
   * changes.
   */
  public void importFeeds(List<FeedData> feeds, List<String> files) throws SQLException {
    inTransaction(() -> {
      for (int i = 0; i < feeds.size(); i++) {
        writeFeed(feeds.get(i), files.get(i));
      }
      refreshFindings();
      return null;
    });
  }

  private void writeFeed(FeedData f, String file) throws SQLException {
    switch (f.kind()) {
      case "advisories" -> {
        exec("delete from vuln_advisory where feed = ?", f.key());
        try (PreparedStatement p = c.prepareStatement("insert into vuln_advisory values (?,?,?,?,?,?,?)")) {
          int n = 0;
          for (Advisory a : f.advisories()) {
            p.setString(1, f.key());
            p.setString(2, a.id());
            p.setString(3, join(a.aliases()));
            p.setString(4, a.namespace());
            p.setString(5, a.pkg());
            p.setString(6, json(a.ranges()));
            p.setString(7, json(a.versions()));
            p.addBatch();
            if (++n % 5000 == 0) {
              p.executeBatch();
            }
          }
          p.executeBatch();
        }
      }
      case "kev" -> {
        exec("delete from vuln_kev");
        try (PreparedStatement p = c.prepareStatement("insert into vuln_kev values (?,?,?,?,?)")) {
          for (FeedData.KevEntry k : f.kev()) {
            p.setString(1, k.cve());
            p.setString(2, k.dateAdded());
            p.setString(3, k.dueDate());
            p.setString(4, k.ransomware());
            p.setString(5, k.name());
            p.addBatch();
          }
          p.executeBatch();
        }
      }
      case "epss" -> {
        exec("delete from vuln_epss");
        try (PreparedStatement p = c.prepareStatement("insert into vuln_epss values (?,?,?)")) {
          int n = 0;
          for (FeedData.EpssEntry e : f.epss()) {
            p.setString(1, e.cve());
            p.setDouble(2, e.epss());
            p.setDouble(3, e.percentile());
            p.addBatch();
            if (++n % 5000 == 0) {
              p.executeBatch();
            }
          }
          p.executeBatch();
        }
      }
      case "cvss" -> {
        exec("delete from vuln_cvss where feed = ?", f.key());
        try (PreparedStatement p = c.prepareStatement("insert into vuln_cvss values (?,?,?,?,?)")) {
          for (FeedData.CvssEntry e : f.cvss()) {
            p.setString(1, f.key());
            p.setString(2, e.cve());
            p.setDouble(3, e.score());
            p.setString(4, e.version());
            p.setString(5, e.vector());
            p.addBatch();
          }
          p.executeBatch();
        }
      }
      default -> throw new SQLException("unknown feed kind " + f.kind());
    }
    exec("delete from vuln_feed where fkey = ?", f.key());
    try (PreparedStatement p = c.prepareStatement("insert into vuln_feed values (?,?,?,?,?,?)")) {
      p.setString(1, f.key());
      p.setString(2, f.kind());
      p.setString(3, f.version());
      p.setObject(4, clock.get().atOffset(java.time.ZoneOffset.UTC));
      p.setInt(5, f.size());
      p.setString(6, file);
      p.executeUpdate();
    }
  }

  /** Feeds present: key to "kind, records, version, imported_at". */
  public Map<String, String> feeds() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select * from vuln_feed order by fkey")) {
      while (r.next()) {
        out.put(r.getString("fkey"), r.getString("kind") + ", " + r.getInt("records") + " records"
            + (r.getString("version") == null ? "" : ", version " + r.getString("version"))
            + ", imported " + r.getObject("imported_at", java.time.OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }

  /** Row count of a table, for tests and messages. */
  public int count(String table) throws SQLException {
    if (!table.matches("(inv|vuln)_[a-z]+")) {
      throw new IllegalArgumentException(table);
    }
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table)) {
      r.next();
      return r.getInt(1);
    }
  }

  /** KEV date added for a CVE, or null. */
  public String kevDate(String cve) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select date_added from vuln_kev where cve = ?")) {
      p.setString(1, cve);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  /** EPSS probability for a CVE, or null. */
  public Double epss(String cve) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select epss from vuln_epss where cve = ?")) {
      p.setString(1, cve);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getDouble(1) : null;
      }
    }
  }

  /** The highest CVSS base score known for a CVE, or null. */
  public Double cvss(String cve) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select max(score) from vuln_cvss where cve = ?")) {
      p.setString(1, cve);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        double d = r.getDouble(1);
        return r.wasNull() ? null : d;
      }
    }
  }

  // ---------------------------------------------------------------- findings

  private static final TypeReference<List<Advisory.Range>> RANGES = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Recomputes all findings from software and advisories (inside the caller's transaction). */
  private void refreshFindings() throws SQLException {
    exec("delete from vuln_finding");
    Map<String, List<Software>> byAsset = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select distinct akey, name, version, namespace, source_name, purl from inv_software order by akey, name")) {
      while (r.next()) {
        byAsset.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
            .add(new Software(r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)));
      }
    }
    Set<String> pairs = new LinkedHashSet<>();
    for (List<Software> l : byAsset.values()) {
      for (Software s : l) {
        pairs.add(s.namespace() + "\u0000" + s.name());
        if (s.sourceName() != null) {
          pairs.add(s.namespace() + "\u0000" + s.sourceName());
        }
      }
    }
    List<Advisory> relevant = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("select * from vuln_advisory where namespace = ? and pkg = ?")) {
      for (String pair : pairs) {
        int z = pair.indexOf('\u0000');
        p.setString(1, pair.substring(0, z));
        p.setString(2, pair.substring(z + 1));
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            relevant.add(new Advisory(r.getString("id"), split(r.getString("aliases")), r.getString("namespace"),
                r.getString("pkg"), parse(r.getString("ranges"), RANGES), parse(r.getString("versions"), STRINGS),
                r.getString("feed")));
          }
        }
      }
    }
    Matcher m = new Matcher(relevant);
    try (PreparedStatement p = c.prepareStatement("insert into vuln_finding values (?,?,?,?,?,?,?,?)")) {
      for (Map.Entry<String, List<Software>> e : byAsset.entrySet()) {
        for (Finding f : m.match(e.getKey(), e.getValue())) {
          p.setString(1, e.getKey());
          p.setString(2, f.pkg());
          p.setString(3, f.installed());
          p.setString(4, f.fixed());
          p.setString(5, f.vulnerability());
          p.setString(6, join(f.aliases()));
          p.setString(7, f.namespace());
          p.setString(8, f.feed());
          p.addBatch();
        }
      }
      p.executeBatch();
    }
  }

  /** Findings, optionally of one asset; asset field is the asset's display name. */
  public List<Finding> findings(String assetName) throws SQLException {
    List<Finding> out = new ArrayList<>();
    String sql = "select a.name, f.* from vuln_finding f join inv_asset a on a.akey = f.akey"
        + (assetName == null ? "" : " where f.akey = ?") + " order by a.name, f.pkg, f.vulnerability";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      if (assetName != null) {
        p.setString(1, Asset.key(assetName));
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Finding(r.getString(1), r.getString("pkg"), r.getString("installed"), r.getString("fixed"),
              r.getString("vulnerability"), split(r.getString("aliases")), r.getString("namespace"), r.getString("feed")));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- plumbing

  private static String json(Object o) throws SQLException {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new SQLException(e);
    }
  }

  private static <T> T parse(String s, TypeReference<T> t) throws SQLException {
    try {
      return JSON.readValue(s, t);
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt stored value: " + s, e);
    }
  }

  private void exec(String sql, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      p.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException, ParseException;
  }

  private <T> T inTransaction(Work<T> w) throws SQLException {
    try {
      T t = w.run();
      c.commit();
      return t;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } catch (ParseException e) {
      c.rollback();
      throw new SQLException(e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
