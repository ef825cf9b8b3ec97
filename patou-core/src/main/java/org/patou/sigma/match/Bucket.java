package org.patou.sigma.match;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.patou.sigma.compile.AhoCorasick;
import org.patou.sigma.compile.FieldTable;
import org.patou.sigma.optimise.NecessaryLiterals;

/**
 * The rule variants that one kind of event (one channel and EventID, say) is tried against, with
 * their prefilter: per field, one automaton over every variant's necessary literals. A variant is
 * evaluated only when the prefilter saw one of its literals, or when it has none (always). Immutable.
 *
 * <p>Design: for ~900 process-creation rules, evaluating each rule costs ~900 short-circuited
 * checks per event; one automaton pass per field (CommandLine, Image, ...), folding case per char
 * (or over the lower-cased value, already cached for the rules, when a needle does not fold alike),
 * leaves a handful of candidates, which the detector collects as they are marked.
 */
final class Bucket {
  final int[] variants; // in rule order
  final int[] always; // variants with no necessary literals
  final int[] slots; // prefilter fields; -1 for any field (keyword searches)
  final AhoCorasick[] automata;
  final int[][][] hits; // [field][literal id] -> variants
  /**
   * Event field names whose values the per-field automata already scan, keyword literals included:
   * the any-field automaton skips them.
   */
  final Set<String> scanned;
  /**
   * True when no keyword literal can occur in the text of a number or boolean (each has a char
   * that such text never holds): the any-field scan then reads string values only.
   */
  final boolean anyStringsOnly;
  /** Per field, the offset of its literals in the detector's seen-literal stamps. */
  final int[] literalBase;

  private Bucket(
      int[] variants,
      int[] always,
      int[] slots,
      AhoCorasick[] automata,
      int[][][] hits,
      Set<String> scanned,
      boolean anyStringsOnly) {
    this.anyStringsOnly = anyStringsOnly;
    this.variants = variants;
    this.always = always;
    this.slots = slots;
    this.automata = automata;
    this.hits = hits;
    this.scanned = scanned;
    this.literalBase = new int[hits.length];
  }

  private static boolean cannotBeInNumber(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if ("0123456789.+-eEtrufalsInityN".indexOf(literal.charAt(i)) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Numbers this bucket's literals from {@code base} on; returns the next free number. */
  int numberLiterals(int base) {
    int b = base;
    for (int f = 0; f < hits.length; f++) {
      literalBase[f] = b;
      b += hits[f].length;
    }
    return b;
  }

  static Bucket build(
      List<Integer> ids,
      List<Detector.CompiledVariant> all,
      FieldTable fields,
      boolean prefilter,
      Map<List<String>, AhoCorasick> automataCache,
      java.util.function.ToIntFunction<String> popularity) {
    List<Integer> always = new ArrayList<>();
    Map<String, Map<String, List<Integer>>> byField = new LinkedHashMap<>();
    for (int id : ids) {
      Map<String, Set<String>> lits = prefilter ? NecessaryLiterals.of(all.get(id).body(), popularity) : null;
      if (lits == null) {
        always.add(id);
        continue;
      }
      lits.forEach(
          (f, set) -> {
            Map<String, List<Integer>> m = byField.computeIfAbsent(f, k -> new LinkedHashMap<>());
            for (String s : set) {
              List<Integer> l = m.computeIfAbsent(s, k -> new ArrayList<>());
              if (l.isEmpty() || l.get(l.size() - 1) != id) {
                l.add(id);
              }
            }
          });
    }
    // Keyword literals also go into every per-field automaton, so the any-field scan can skip the
    // fields those already read: each value is scanned once.
    Map<String, List<Integer>> any = byField.get(NecessaryLiterals.ANY_FIELD);
    Set<String> scanned = new java.util.HashSet<>();
    if (any != null) {
      for (Map.Entry<String, Map<String, List<Integer>>> e : byField.entrySet()) {
        if (e.getValue() == any) {
          continue;
        }
        scanned.add(fields.name(fields.slot(e.getKey())));
        any.forEach(
            (lit, vs) -> {
              List<Integer> l = e.getValue().computeIfAbsent(lit, x -> new ArrayList<>());
              for (int v : vs) {
                if (!l.contains(v)) {
                  l.add(v);
                }
              }
            });
      }
    }
    int n = byField.size();
    int[] slots = new int[n];
    Map<List<String>, AhoCorasick> cache = automataCache;
    AhoCorasick[] automata = new AhoCorasick[n];
    int[][][] hits = new int[n][][];
    int k = 0;
    for (Map.Entry<String, Map<String, List<Integer>>> e : byField.entrySet()) {
      // -1: keyword literals, scanned over every value of the event.
      slots[k] = e.getKey().equals(NecessaryLiterals.ANY_FIELD) ? -1 : fields.slot(e.getKey());
      List<String> needles = new ArrayList<>(e.getValue().keySet());
      // Buckets often share a needle set (Sysmon 1 and Security 4688 run the same rules): one automaton.
      automata[k] = cache.computeIfAbsent(needles, AhoCorasick::new);
      hits[k] = new int[needles.size()][];
      for (int i = 0; i < needles.size(); i++) {
        hits[k][i] = e.getValue().get(needles.get(i)).stream().mapToInt(Integer::intValue).toArray();
      }
      k++;
    }
    return new Bucket(
        ids.stream().mapToInt(Integer::intValue).toArray(),
        always.stream().mapToInt(Integer::intValue).toArray(),
        slots,
        automata,
        hits,
        Set.copyOf(scanned),
        any == null || any.keySet().stream().allMatch(Bucket::cannotBeInNumber));
  }
}
