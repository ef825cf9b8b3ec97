package org.patou.respond;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.patou.decide.Decision;
import org.patou.decide.Scope;

/**
 * Decisions as CrowdSec's local API gives them to bouncers ({@code GET /v1/decisions} and {@code
 * /v1/decisions/stream}), so the bouncers people already run work against patou unchanged: the
 * query filters of CrowdSec ({@code ip}, {@code range}, {@code contains}, {@code scope}, {@code
 * value}, {@code type}, {@code origins}, {@code scenarios_containing}, {@code
 * scenarios_not_containing}; {@code scopes} on the stream) and its JSON ({@code id}, {@code origin},
 * {@code type}, {@code scope} {@code Ip}/{@code Range}, {@code value}, {@code duration} as Go prints
 * a remaining time, {@code scenario}, {@code until}, {@code simulated}). Dry-run decisions are not
 * given out: a bouncer would enforce them. No state; see {@link BouncerStore} for the stream's.
 */
public final class LapiDecisions {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> GET_FILTERS = Set.of("ip", "range", "contains", "scope", "value", "type",
      "origins", "scenarios_containing", "scenarios_not_containing");
  /** Stream parameters: CrowdSec's filters, plus those it takes and patou has nothing to do with. */
  private static final Set<String> STREAM_PARAMS = Set.of("startup", "scopes", "origins", "scenarios_containing",
      "scenarios_not_containing", "dedup", "community_pull", "additional_pull");

  private LapiDecisions() {}

  /** A stream answer: the decisions to add, and those gone since the last pull. */
  public record Delta(List<Decision> added, List<BouncerStore.Sent> deleted, List<Decision> nowSent) {}

  /** CrowdSec's scope names: {@code Ip}, {@code Range}; patou's others capitalised the same way. */
  public static String scopeName(Scope s) {
    String l = s.label();
    return Character.toUpperCase(l.charAt(0)) + l.substring(1);
  }

  /**
   * {@code GET /v1/decisions}: the active, enforced decisions matching the query (first value of
   * each parameter, as CrowdSec takes them). An unknown parameter is an error, as in CrowdSec.
   */
  public static List<Decision> select(List<Decision> active, Map<String, List<String>> query) {
    for (String k : query.keySet()) {
      if (!GET_FILTERS.contains(k)) {
        throw new IllegalArgumentException("'" + k + "' doesn't exist: invalid filter");
      }
    }
    String ip = first(query, "ip");
    String range = first(query, "range");
    boolean contains = !"false".equalsIgnoreCase(first(query, "contains"));
    String scope = first(query, "scope");
    String value = first(query, "value");
    String type = first(query, "type");
    IPAddress target = null;
    if (ip != null && !ip.isEmpty()) {
      target = address(ip, "ip");
    } else if (range != null && !range.isEmpty()) {
      target = address(range, "range");
    }
    List<Decision> out = new ArrayList<>();
    for (Decision d : common(active, query)) {
      if (scope != null && !scope.isEmpty() && !scopeName(d.scope()).equalsIgnoreCase(scope)) {
        continue;
      }
      if (value != null && !value.isEmpty() && !d.value().equals(value)) {
        continue;
      }
      if (type != null && !type.isEmpty() && !d.type().equals(type)) {
        continue;
      }
      if (target != null && !ipMatch(d, target, contains)) {
        continue;
      }
      out.add(d);
    }
    return out;
  }

  /**
   * {@code GET /v1/decisions/stream}: the active, enforced decisions matching the filters ({@code
   * scopes} defaults to {@code ip,range}, as in CrowdSec) compared with what the bouncer was told.
   * With {@code startup=true} every match is new (the bouncer starts empty); either way, deleted are
   * the decisions told before that are no longer active (expired, deleted, or no longer matching),
   * except where another active decision still covers the same value, which the bouncer must keep.
   */
  public static Delta stream(List<Decision> active, Map<Long, BouncerStore.Sent> sent, Map<String, List<String>> query) {
    for (String k : query.keySet()) {
      if (!STREAM_PARAMS.contains(k)) {
        throw new IllegalArgumentException("'" + k + "' doesn't exist: invalid filter");
      }
    }
    boolean startup = "true".equalsIgnoreCase(first(query, "startup"));
    String scopes = first(query, "scopes");
    Set<String> wanted = new HashSet<>();
    for (String s : (scopes == null || scopes.isBlank() ? "ip,range" : scopes).split(",")) {
      if (!s.isBlank()) {
        wanted.add(s.trim().toLowerCase(Locale.ROOT));
      }
    }
    List<Decision> now = new ArrayList<>();
    for (Decision d : common(active, query)) {
      if (wanted.contains(d.scope().label())) {
        now.add(d);
      }
    }
    Set<Long> nowIds = new HashSet<>();
    Set<String> covered = new HashSet<>();
    for (Decision d : now) {
      nowIds.add(d.id());
      covered.add(d.scope().label() + " " + d.value());
    }
    List<Decision> added = new ArrayList<>();
    for (Decision d : now) {
      if (startup || !sent.containsKey(d.id())) {
        added.add(d);
      }
    }
    List<BouncerStore.Sent> deleted = new ArrayList<>();
    for (BouncerStore.Sent s : sent.values()) {
      if (!nowIds.contains(s.id()) && !covered.contains(s.scope().label() + " " + s.value())) {
        deleted.add(s);
      }
    }
    return new Delta(added, deleted, now);
  }

  /** Active at {@code now}, not dry-run, and matching origins and scenario filters. */
  private static List<Decision> common(List<Decision> active, Map<String, List<String>> query) {
    List<String> origins = list(first(query, "origins"));
    List<String> containing = list(first(query, "scenarios_containing"));
    List<String> notContaining = list(first(query, "scenarios_not_containing"));
    List<Decision> out = new ArrayList<>();
    for (Decision d : active) {
      if (d.dryRun()) {
        continue;
      }
      if (!origins.isEmpty() && !origins.contains(d.origin())) {
        continue;
      }
      if (!containing.isEmpty() && containing.stream().noneMatch(d.scenario()::contains)) {
        continue;
      }
      if (notContaining.stream().anyMatch(d.scenario()::contains)) {
        continue;
      }
      out.add(d);
    }
    return out;
  }

  /**
   * With {@code contains} (the default), decisions whose address or range holds the target; without,
   * decisions lying inside the target. Only {@code Ip} and {@code Range} decisions have addresses.
   */
  private static boolean ipMatch(Decision d, IPAddress target, boolean contains) {
    if (d.scope() != Scope.IP && d.scope() != Scope.RANGE) {
      return false;
    }
    IPAddress a = new IPAddressString(d.value()).getAddress();
    if (a == null || a.isIPv4() != target.isIPv4()) {
      return false;
    }
    a = a.toPrefixBlock();
    IPAddress t = target.toPrefixBlock();
    return contains ? a.contains(t) : t.contains(a);
  }

  private static IPAddress address(String text, String name) {
    IPAddress a = new IPAddressString(text.trim()).getAddress();
    if (a == null) {
      throw new IllegalArgumentException("unable to convert '" + text + "' to int: invalid address (" + name + ")");
    }
    return a;
  }

  /** The JSON array CrowdSec answers, or JSON {@code null} for none (CrowdSec's answer then). */
  public static String json(List<Decision> ds, Instant now) {
    if (ds.isEmpty()) {
      return "null";
    }
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    for (Decision d : ds) {
      arr.add(node(d.id(), d.type(), d.scope(), d.value(), d.scenario(), d.origin(), d.until(), now));
    }
    return arr.toString();
  }

  /** {@code {"deleted": [...], "new": [...]}}, an empty list as {@code null}, as CrowdSec writes them. */
  public static String streamJson(Delta delta, Instant now) {
    ObjectNode o = MAPPER.createObjectNode();
    if (delta.deleted().isEmpty()) {
      o.putNull("deleted");
    } else {
      ArrayNode arr = o.putArray("deleted");
      for (BouncerStore.Sent s : delta.deleted()) {
        // Gone: a deleted decision ends now (CrowdSec sets its end to the deletion time).
        Instant end = s.until().isBefore(now) ? s.until() : now;
        arr.add(node(s.id(), s.type(), s.scope(), s.value(), s.scenario(), s.origin(), end, now));
      }
    }
    if (delta.added().isEmpty()) {
      o.putNull("new");
    } else {
      ArrayNode arr = o.putArray("new");
      for (Decision d : delta.added()) {
        arr.add(node(d.id(), d.type(), d.scope(), d.value(), d.scenario(), d.origin(), d.until(), now));
      }
    }
    return o.toString();
  }

  private static ObjectNode node(long id, String type, Scope scope, String value, String scenario, String origin,
      Instant until, Instant now) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("duration", goDuration(Duration.between(now, until)));
    n.put("id", id);
    n.put("origin", origin);
    n.put("scenario", scenario);
    n.put("scope", scopeName(scope));
    n.put("simulated", false);
    n.put("type", type);
    n.put("until", until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    n.put("value", value);
    return n;
  }

  /**
   * A duration as Go's {@code time.Duration.String()} writes it ({@code 3h59m58s}, {@code 1m0.5s},
   * {@code 250ms}, {@code -2s}, {@code 0s}), which bouncers parse with {@code time.ParseDuration}.
   * Whole milliseconds: patou keeps no finer time.
   */
  public static String goDuration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    if (ms < 0) {
      b.append('-');
      ms = -ms;
    }
    if (ms < 1000) {
      return b.append(ms).append("ms").toString();
    }
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    long frac = ms % 1000;
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    b.append(s);
    if (frac > 0) {
      String f = String.format(Locale.ROOT, "%03d", frac);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(f, 0, end);
    }
    return b.append('s').toString();
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }
}
