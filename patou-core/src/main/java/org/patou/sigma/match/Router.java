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
    Bucket rest; // rest + unindexed
    int[] slots2;
    List<Map<String, Bucket>> by2; // bucket + rest + unindexed
  }

  final int[] slots1;
  final List<Map<String, Route>> by1;
  final Bucket unindexed;

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

  static Router build(List<Detector.CompiledVariant> all, FieldTable fields, boolean prefilter) {
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
        r.rest = Bucket.build(merge(rest, unindexed), all, fields, prefilter, cache);
        r.slots2 = new int[l2.size()];
        r.by2 = new ArrayList<>();
        int j = 0;
        for (var e2 : l2.entrySet()) {
          r.slots2[j++] = fields.slot(e2.getKey());
          Map<String, Bucket> m = new HashMap<>();
          e2.getValue().forEach((v2, ids) -> m.put(v2, Bucket.build(merge(merge(ids, rest), unindexed), all, fields, prefilter, cache)));
          r.by2.add(m);
        }
        routes.put(ev.getKey(), r);
      }
      by1.add(routes);
    }
    return new Router(slots1, by1, Bucket.build(unindexed, all, fields, prefilter, cache));
  }
}
