package org.patou.correlation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who references whom: resolves a rule (by id or name) to the correlations that read it, the
 * correlations a correlation's detections feed (chains), and whose own detections are emitted.
 * Built once; refuses ambiguous names and cycles, which would make routing undefined or endless.
 */
final class References {
  /** Correlation {@code rule} (index in the engine's list) reads the matched rule at {@code position}. */
  record Target(int rule, int position) {}

  private final Map<String, List<Target>> byReference = new HashMap<>();
  private final Set<String> suppressed = new HashSet<>();
  private final Set<String> referenced;
  private final List<List<Target>> downstream = new ArrayList<>();
  private final List<CorrelationRule> rules;

  References(List<CorrelationRule> rules) {
    this.rules = rules;
    Set<String> refs = new LinkedHashSet<>();
    for (int c = 0; c < rules.size(); c++) {
      CorrelationRule r = rules.get(c);
      for (int p = 0; p < r.rules().size(); p++) {
        String ref = r.rules().get(p);
        byReference.computeIfAbsent(ref, k -> new ArrayList<>()).add(new Target(c, p));
        refs.add(ref);
        if (!r.generate()) {
          suppressed.add(ref);
        }
      }
    }
    referenced = Collections.unmodifiableSet(refs);
    checkUniqueNames();
    for (CorrelationRule r : rules) {
      downstream.add(targets(r.info().id(), r.info().name()));
    }
    checkAcyclic();
  }

  /** Every reference as written. */
  Set<String> referenced() {
    return referenced;
  }

  /**
   * The correlations reading the rule known as {@code id} or {@code name}, each once (a rule listed
   * by both id and name in one correlation counts once, at its first position).
   */
  List<Target> targets(String id, String name) {
    List<Target> byId = id == null ? null : byReference.get(id);
    List<Target> byName = name == null ? null : byReference.get(name);
    if (byName == null || byName == byId) {
      return byId == null ? List.of() : byId;
    }
    List<Target> all = new ArrayList<>(byId == null ? List.of() : byId);
    for (Target t : byName) {
      if (all.stream().noneMatch(a -> a.rule() == t.rule())) {
        all.add(t);
      }
    }
    return all;
  }

  /** The correlations that correlation {@code c}'s detections feed. */
  List<Target> downstream(int c) {
    return downstream.get(c);
  }

  /** False when a correlation without {@code generate: true} references the rule. */
  boolean generates(String id, String name) {
    return !(id != null && suppressed.contains(id) || name != null && suppressed.contains(name));
  }

  private void checkUniqueNames() {
    Set<String> seen = new HashSet<>();
    for (CorrelationRule r : rules) {
      for (String s : new String[] {r.info().id(), r.info().name()}) {
        if (s != null && !seen.add(s)) {
          throw new IllegalArgumentException(
              "two correlation rules are known as '" + s + "': references would be ambiguous");
        }
      }
    }
  }

  private void checkAcyclic() {
    int[] mark = new int[rules.size()]; // 0 unvisited, 1 on the current path, 2 done
    for (int c = 0; c < rules.size(); c++) {
      visit(c, mark);
    }
  }

  private void visit(int c, int[] mark) {
    if (mark[c] == 2) {
      return;
    }
    if (mark[c] == 1) {
      throw new IllegalArgumentException(
          "correlation rules reference each other in a cycle through '"
              + rules.get(c).info().title() + "'");
    }
    mark[c] = 1;
    for (Target t : downstream.get(c)) {
      visit(t.rule(), mark);
    }
    mark[c] = 2;
  }
}
