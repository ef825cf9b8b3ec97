package org.patou.sigma.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.sigma.compile.FieldTable;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;

/**
 * Sends an event to the buckets of variants whose precondition can hold: variants are indexed by
 * the first two equality tests of their precondition (for Windows: Channel, then EventID), so a
 * Sysmon EventID 1 event only meets the process-creation rules. Variants without such a test (an
 * unmapped rule, a precondition on existence) sit in one bucket every event is tried against.
 * Immutable.
 */
final class Router {
  /**
   * Second level: the bucket for variants with no second key, and the buckets by second key. Each
   * bucket is merged: it also holds the variants of the levels above (the route's rest and the
   * unindexed ones), so an event that meets one bucket is scanned and evaluated in one pass.
   */
  static final class Route {
    Bucket rest; // rest (+ unindexed when merged)
    int[] slots2;
    List<Map<String, Bucket>> by2; // bucket + rest (+ unindexed when merged)
  }

  final int[] slots1;
  final List<Map<String, Route>> by1;
  final Bucket unindexed;
  int literals; // literals over all buckets, for the detector's seen-literal stamps
  /** The unindexed variants that keyed buckets do not hold: run beside a keyed bucket. */
  Bucket unmerged;
  static final int MERGE_UNINDEXED_MAX = 64;

  private Router(int[] slots1, List<Map<String, Route>> by1, Bucket unindexed) {
    this.slots1 = slots1;
    this.by1 = by1;
    this.unindexed = unindexed;
  }

  /** An equality precondition: the field and its (lower-cased) values. */
  record Key(String field, List<String> values) {}

  static List<Key> keys(Expr when) {
    List<Expr> conj = when instanceof Expr.And a ? a.children() : List.of(when);
    List<Key> out = new ArrayList<>();
    for (Expr c : conj) {
      if (c instanceof Expr.Match m && m.field() != null) {
        if (m.test() instanceof Test.Str s && s.op() == StrOp.EQUALS && !s.cased()) {
          out.add(new Key(m.field(), List.of(s.needle())));
        } else if (m.test() instanceof Test.StrSet s && s.op() == StrOp.EQUALS && !s.cased()) {
          out.add(new Key(m.field(), s.needles()));
        }
      }
      if (out.size() == 2) {
        break;
      }
    }
    return out;
  }

  /** The union of two id lists, in id (rule) order. */
  private static List<Integer> merge(List<Integer> a, List<Integer> b) {
    java.util.TreeSet<Integer> s = new java.util.TreeSet<>(a);
    s.addAll(b);
    return new ArrayList<>(s);
  }

  /**
   * The precondition without the tests the router keys it by: an event only reaches a variant
   * through buckets whose keys it carries, so those tests need no second evaluation.
   */
  static Expr unkeyed(Expr when) {
    List<Key> keys = keys(when);
    if (keys.isEmpty()) {
      return when;
    }
    List<Expr> conj = when instanceof Expr.And a ? a.children() : List.of(when);
    List<Expr> rest = new ArrayList<>();
    int skipped = 0;
    for (Expr c : conj) {
      if (skipped < keys.size() && isKey(c)) {
        skipped++;
        continue;
      }
      rest.add(c);
    }
    return rest.isEmpty() ? Expr.Const.TRUE : Expr.and(rest);
  }

  private static boolean isKey(Expr c) {
    return c instanceof Expr.Match m
        && m.field() != null
        && ((m.test() instanceof Test.Str s && s.op() == StrOp.EQUALS && !s.cased())
            || (m.test() instanceof Test.StrSet s2 && s2.op() == StrOp.EQUALS && !s2.cased()));
  }

  /** How many variants name each literal: the prefilter prefers rare ones. */
  static java.util.function.ToIntFunction<String> popularity(List<Expr> bodies) {
    Map<String, Integer> counts = new HashMap<>();
    for (Expr body : bodies) {
      java.util.Set<String> mine = new java.util.HashSet<>();
      org.patou.sigma.optimise.NecessaryLiterals.collect(body, mine::add);
      mine.forEach(l -> counts.merge(l, 1, Integer::sum));
    }
    return l -> counts.getOrDefault(l, 0);
  }

  static Router build(
      List<Detector.CompiledVariant> all,
      FieldTable fields,
      boolean prefilter,
      java.util.function.ToIntFunction<String> popularity) {
    // field1 -> value1 -> (field2 or "" -> value2 or "" -> ids)
    Map<String, Map<String, Map<String, Map<String, List<Integer>>>>> tree = new LinkedHashMap<>();
    List<Integer> unindexed = new ArrayList<>();
    for (int id = 0; id < all.size(); id++) {
      List<Key> keys = keys(all.get(id).when());
      if (keys.isEmpty()) {
        unindexed.add(id);
        continue;
      }
      Key k1 = keys.get(0);
      Key k2 = keys.size() > 1 ? keys.get(1) : new Key("", List.of(""));
      for (String v1 : k1.values()) {
        Map<String, Map<String, List<Integer>>> l2 =
            tree.computeIfAbsent(k1.field(), f -> new LinkedHashMap<>()).computeIfAbsent(v1, v -> new LinkedHashMap<>());
        for (String v2 : k2.values()) {
          l2.computeIfAbsent(k2.field(), f -> new LinkedHashMap<>()).computeIfAbsent(v2, v -> new ArrayList<>()).add(id);
        }
      }
    }
    Map<List<String>, org.patou.sigma.compile.AhoCorasick> cache = new HashMap<>();
    // Unindexed variants are merged into every keyed bucket (one scan per event) only while few:
    // each bucket builds its own automata, and hundreds of buckets times a large unindexed set
    // (every unmapped rule of a full corpus) cost too much memory. Otherwise every event also
    // runs the unindexed bucket on its own.
    // (Merging only the keyword searches of a large unindexed set was tried: +13 % events/s on
    // the full corpus for +60 % memory; not kept.)
    boolean mergeUnindexed = unindexed.size() <= MERGE_UNINDEXED_MAX;
    List<Integer> shared = mergeUnindexed ? unindexed : List.of();
    List<Integer> alone = mergeUnindexed ? List.of() : unindexed;
    int[] slots1 = new int[tree.size()];
    List<Map<String, Route>> by1 = new ArrayList<>();
    int i = 0;
    for (var e1 : tree.entrySet()) {
      slots1[i++] = fields.slot(e1.getKey());
      Map<String, Route> routes = new HashMap<>();
      for (var ev : e1.getValue().entrySet()) {
        Route r = new Route();
        Map<String, Map<String, List<Integer>>> l2 = ev.getValue();
        Map<String, List<Integer>> restMap = l2.remove("");
        List<Integer> rest = restMap == null ? List.of() : restMap.get("");
        r.rest = Bucket.build(merge(rest, shared), all, fields, prefilter, cache, popularity);
        r.slots2 = new int[l2.size()];
        r.by2 = new ArrayList<>();
        int j = 0;
        for (var e2 : l2.entrySet()) {
          r.slots2[j++] = fields.slot(e2.getKey());
          Map<String, Bucket> m = new HashMap<>();
          e2.getValue().forEach((v2, ids) -> m.put(v2, Bucket.build(merge(merge(ids, rest), shared), all, fields, prefilter, cache, popularity)));
          r.by2.add(m);
        }
        routes.put(ev.getKey(), r);
      }
      by1.add(routes);
    }
    Router router = new Router(slots1, by1, Bucket.build(unindexed, all, fields, prefilter, cache, popularity));
    router.unmerged = Bucket.build(alone, all, fields, prefilter, cache, popularity);
    int literals = router.unindexed.numberLiterals(0);
    literals = router.unmerged.numberLiterals(literals);
    for (Map<String, Route> routes : by1) {
      for (Route r : routes.values()) {
        literals = r.rest.numberLiterals(literals);
        for (Map<String, Bucket> m : r.by2) {
          for (Bucket b : m.values()) {
            literals = b.numberLiterals(literals);
          }
        }
      }
    }
    router.literals = literals;
    return router;
  }
}
