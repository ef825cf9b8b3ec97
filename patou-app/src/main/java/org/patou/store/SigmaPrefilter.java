package org.patou.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.StrOp;
import org.patou.sigma.expr.Test;
import org.patou.sigma.match.RulePlan;
import org.patou.sigma.optimise.RegexLiterals;

/**
 * Turns a compiled Sigma rule (its variants: precondition and body, in event field names) into a
 * Lucene query over the {@link EventStore} index that every event the rule can match satisfies: a
 * <em>prefilter</em>. The real matcher then runs on the hits only, so a hunt finds exactly what a
 * full scan finds, reading far fewer events.
 *
 * <p>Only what is provably a superset is translated; anything else becomes "match all" for that
 * part of the tree ({@code null} below): AND drops it, OR and AT-LEAST absorb it, NOT always gives
 * it (an index query that is exact is rare: nulls, empty lists and leaf look-ups are not indexed).
 * Why each leaf is safe:
 *
 * <ul>
 *   <li>The matcher compares {@code Values.str(value)} (lower-cased with {@code Locale.ROOT} unless
 *       {@code |cased}); the store indexes {@code value.toString()}, the same text for every
 *       non-null value, one term per list element. A null reads as "", which is not indexed: a
 *       test that accepts "" is not translated.
 *   <li>Case-insensitive needles become one character class per code point: the code point and
 *       every one that lowers to it ({@code k}: {@code K} and KELVIN SIGN; {@code i}: {@code I} and
 *       U+0130, which lowers to "i" and a combining dot). A needle holding that combining dot is
 *       not translated; lowering is otherwise one code point to one.
 *   <li>A glob's one-character wildcard counts UTF-16 units of the lowered value, which differ from
 *       the code points an automaton counts: it becomes {@code .*}.
 *   <li>A regex runs only after its guard literal was found in the lowered value (see {@code
 *       Pred.regex}): the guard is the query.
 *   <li>Numbers: the {@code NAME#num} point, widened by one ulp either side (decimal to double
 *       rounding is monotonic), or a text the store does not index as a point but the matcher reads
 *       as a number (sign, exponent, spaces, long).
 *   <li>Values longer than the store's term limit are indexed cut, and marked ({@code _long}:
 *       NAME): such events always pass. Events indexed before that marker existed (no {@code _v})
 *       always pass.
 *   <li>A field a pipeline also looks up by leaf name (a nested {@code Event.UserData} element) is
 *       searched under every indexed name with the same leaf.
 *   <li>{@code message}/{@code event.original} are tokenised, {@code _}-names are not indexed,
 *       keyword searches read every field: none is translated.
 * </ul>
 *
 * <p>Not thread-safe: one per hunt (it holds the index's field names).
 */
public final class SigmaPrefilter {
  /** Values of one test translated at most (hash lists hold thousands): beyond, scan. */
  private static final int MAX_NEEDLES = 256;
  /** Clauses one rule's query may hold: Lucene refuses more than 1,024 in all. */
  private static final int MAX_CLAUSES = 1_000;

  private final List<String> leafPrefixes;
  private final Set<String> indexed;
  private int leaves;
  private int translatedLeaves;
  private int clauses;

  /**
   * @param leafPrefixes the detector's leaf fallback prefixes
   * @param indexedFields every field name the index holds (for leaf look-ups)
   */
  public SigmaPrefilter(List<String> leafPrefixes, Set<String> indexedFields) {
    this.leafPrefixes = List.copyOf(leafPrefixes);
    this.indexed = indexedFields;
  }

  /** The query for one rule (any variant), or null when it cannot narrow anything (scan all). */
  public Query rule(RulePlan plan) {
    clauses = 0;
    Query q = variants(plan);
    return clauses > MAX_CLAUSES ? null : q;
  }

  private Query variants(RulePlan plan) {
    List<Query> alts = new ArrayList<>();
    for (RulePlan.Variant v : plan.variants()) {
      Query q = and(java.util.Arrays.asList(upper(v.when()), upper(v.body())));
      if (q == null) {
        return null;
      }
      alts.add(q);
    }
    return or(alts);
  }

  /** The query for any of several rules (a correlation's base rules), or null. */
  public Query anyOf(List<RulePlan> plans) {
    List<Query> alts = new ArrayList<>();
    clauses = 0;
    for (RulePlan p : plans) {
      Query q = variants(p);
      if (q == null || clauses > MAX_CLAUSES) {
        return null;
      }
      alts.add(q);
    }
    return alts.isEmpty() ? null : or(alts);
  }

  /** Leaves seen and leaves translated so far (for reports and tests). */
  public int leaves() {
    return leaves;
  }

  public int translatedLeaves() {
    return translatedLeaves;
  }

  /** A query holding for every event where {@code e} may hold; null for all events. */
  Query upper(Expr e) {
    if (e instanceof Expr.And a) {
      List<Query> xs = new ArrayList<>();
      for (Expr c : a.children()) {
        xs.add(upper(c));
      }
      return and(xs);
    }
    if (e instanceof Expr.Or o) {
      List<Query> xs = new ArrayList<>();
      for (Expr c : o.children()) {
        xs.add(upper(c));
      }
      return or(xs);
    }
    if (e instanceof Expr.AtLeast a) {
      List<Query> known = new ArrayList<>();
      int unknown = 0;
      for (Expr c : a.children()) {
        Query q = upper(c);
        if (q == null) {
          unknown++;
        } else {
          known.add(q);
        }
      }
      int need = a.n() - unknown; // children we cannot narrow may all hold
      if (need <= 0) {
        return null;
      }
      if (need > known.size()) {
        return new MatchNoDocsQuery("at least " + a.n() + " of fewer");
      }
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      known.forEach(q -> b.add(q, BooleanClause.Occur.SHOULD));
      return b.setMinimumNumberShouldMatch(need).build();
    }
    if (e instanceof Expr.Const k) {
      return k.value() ? null : new MatchNoDocsQuery("false");
    }
    if (e instanceof Expr.Match m) {
      leaves++;
      Query q = m.field() == null ? null : match(m.field(), m.test());
      if (q != null) {
        translatedLeaves++;
      }
      return q;
    }
    // NOT, Exists, IsNull, FieldEq: not narrowed (see the class comment).
    if (!(e instanceof Expr.Not)) {
      leaves++;
    }
    return null;
  }

  private static Query and(List<Query> xs) {
    List<Query> known = new ArrayList<>();
    for (Query q : xs) {
      if (q != null) {
        known.add(q);
      }
    }
    if (known.isEmpty()) {
      return null;
    }
    if (known.size() == 1) {
      return known.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    known.forEach(q -> b.add(q, BooleanClause.Occur.FILTER));
    return b.build();
  }

  private static Query or(List<Query> xs) {
    if (xs.isEmpty()) {
      return new MatchNoDocsQuery("empty or");
    }
    for (Query q : xs) {
      if (q == null) {
        return null;
      }
    }
    if (xs.size() == 1) {
      return xs.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    xs.forEach(q -> b.add(q, BooleanClause.Occur.SHOULD));
    return b.build();
  }

  /** A value test on a field (and the names a leaf look-up may find it under), or null. */
  private Query match(String field, Test test) {
    List<Query> alts = new ArrayList<>();
    for (String f : names(field)) {
      if (f.startsWith("_") || EventStore.TEXT_FIELDS.contains(f)) {
        return null;
      }
      Query q = test(f, test);
      if (q == null) {
        return null;
      }
      alts.add(q);
      alts.add(new TermQuery(new Term(EventStore.LONG, f)));
      clauses++;
    }
    return or(alts);
  }

  /** The field and, under a leaf fallback prefix, every indexed name with the same leaf. */
  Set<String> names(String field) {
    Set<String> out = new LinkedHashSet<>();
    out.add(field);
    for (String p : leafPrefixes) {
      if (field.startsWith(p)) {
        String key = leafKey(field);
        for (String n : indexed) {
          if (!n.equals(field) && !n.endsWith(EventStore.NUM) && underAny(n) && leafKey(n).equals(key)) {
            out.add(n);
          }
        }
        break;
      }
    }
    return out;
  }

  private boolean underAny(String name) {
    for (String p : leafPrefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The last name segment without spaces, as the matcher's leaf look-up keys it. */
  private static String leafKey(String name) {
    return name.substring(name.lastIndexOf('.') + 1).replace(" ", "");
  }

  private Query test(String f, Test t) {
    if (t instanceof Test.Str s) {
      return str(f, s.op(), List.of(s.needle()), s.cased());
    }
    if (t instanceof Test.StrSet s) {
      return str(f, s.op(), s.needles(), s.cased());
    }
    if (t instanceof Test.Glob g) {
      return glob(f, g.pattern(), g.cased());
    }
    if (t instanceof Test.Regex r) {
      String guard = RegexLiterals.longest(r.pattern(), 1);
      return guard.isEmpty() ? null : str(f, StrOp.CONTAINS, List.of(guard), false);
    }
    if (t instanceof Test.Num n) {
      return num(f, n);
    }
    return null; // cidr, time parts
  }

  /** Any of the needles at the position; null when one is empty or cannot be folded. */
  Query str(String f, StrOp op, List<String> needles, boolean cased) {
    if (needles.isEmpty() || needles.size() > MAX_NEEDLES) {
      return null;
    }
    for (String n : needles) {
      if (n.isEmpty() || (cased ? !wellFormed(n) : !foldable(n))) {
        return null; // "" also matches a null value, which is not indexed
      }
    }
    // One small automaton per needle: a union of hundreds under a leading .* costs seconds to
    // determinize, while the per-needle ones are linear and shared by a rule's variants.
    List<Query> alts = new ArrayList<>();
    for (String n : needles) {
      Query q;
      if (cased && op == StrOp.EQUALS) {
        q = new TermQuery(new Term(f, n));
        clauses++;
      } else if (cased && op == StrOp.STARTS_WITH) {
        q = new PrefixQuery(new Term(f, n));
        clauses++;
      } else {
        StringBuilder re = new StringBuilder();
        if (op == StrOp.CONTAINS || op == StrOp.ENDS_WITH) {
          re.append(".*");
        }
        literal(re, n, cased);
        if (op == StrOp.CONTAINS || op == StrOp.STARTS_WITH) {
          re.append(".*");
        }
        q = regexp(f, re.toString());
      }
      if (q == null) {
        return null;
      }
      alts.add(q); // counted where made: regexp() counts its own
    }
    return or(alts);
  }

  Query glob(String f, String pattern, boolean cased) {
    boolean literal = false;
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == Test.Glob.STAR || c == Test.Glob.ONE) {
        if (re.length() < 2 || !re.substring(re.length() - 2).equals(".*")) {
          re.append(".*");
        }
      } else {
        literal = true;
        int end = i + 1;
        while (end < pattern.length() && pattern.charAt(end) != Test.Glob.STAR && pattern.charAt(end) != Test.Glob.ONE) {
          end++;
        }
        String run = pattern.substring(i, end);
        if (cased ? !wellFormed(run) : !foldable(run)) {
          return null;
        }
        literal(re, run, cased);
        i = end - 1;
      }
    }
    return literal ? regexp(f, re.toString()) : null; // only wildcards: matches "" (a null) too
  }

  private static final java.util.Map<String, Query> REGEXPS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int REGEXPS_KEPT = 50_000;

  /**
   * A regexp query on the terms of {@code f}, run as an NFA: determinizing {@code .*} and a folded
   * literal costs milliseconds (thousands per rule set), running the NFA over a field's terms
   * little. Queries are immutable and kept by field and expression: hunts and a rule's variants
   * repeat them.
   */
  private Query regexp(String f, String re) {
    String key = f + '\u0000' + re;
    Query q = REGEXPS.get(key);
    if (q == null) {
      try {
        q = new RegexpQuery(new Term(f, re), RegExp.NONE, 0, RegexpQuery.DEFAULT_PROVIDER,
            Operations.DEFAULT_DETERMINIZE_WORK_LIMIT, MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE, false);
      } catch (TooComplexToDeterminizeException | IllegalArgumentException e) {
        return null; // scan instead
      }
      if (REGEXPS.size() > REGEXPS_KEPT) {
        REGEXPS.clear();
      }
      REGEXPS.put(key, q);
    }
    clauses++;
    return q;
  }

  /** Appends {@code s} as a regular-expression literal, folding case unless {@code cased}. */
  static void literal(StringBuilder re, String s, boolean cased) {
    s.codePoints().forEach(cp -> {
      int[] pre = cased ? null : Preimages.TABLE.get(cp);
      if (pre == null) {
        escaped(re, cp);
        return;
      }
      re.append('[');
      escaped(re, cp);
      for (int u : pre) {
        escaped(re, u);
      }
      re.append(']');
    });
  }

  private static void escaped(StringBuilder re, int cp) {
    if (cp < 128 && Character.isLetterOrDigit(cp)) {
      re.append((char) cp);
    } else {
      re.append('\\').appendCodePoint(cp); // a backslash makes any character literal
    }
  }

  /**
   * For each lower-case code point, the others that {@code toLowerCase(Locale.ROOT)} turns into it:
   * 'k' has 'K' and KELVIN SIGN, 'i' has 'I' and U+0130 (which lowers to "i" and U+0307), final
   * sigma has capital sigma. Lowering is otherwise one code point to one, so a class per needle
   * code point matches every original a lowered value came from.
   */
  private static final class Preimages {
    static final java.util.Map<Integer, int[]> TABLE = build();

    private static java.util.Map<Integer, int[]> build() {
      java.util.Map<Integer, List<Integer>> m = new java.util.HashMap<>();
      for (int u = 0; u <= Character.MAX_CODE_POINT; u++) {
        int l = Character.toLowerCase(u);
        if (l != u) {
          m.computeIfAbsent(l, k -> new ArrayList<>()).add(u);
        }
      }
      m.computeIfAbsent(0x03C2, k -> new ArrayList<>()).add(0x03A3); // final sigma
      java.util.Map<Integer, int[]> out = new java.util.HashMap<>();
      m.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
      return out;
    }
  }

  /** A lowered needle a class per code point can match: no combining dot above (from U+0130). */
  private static boolean foldable(String s) {
    return wellFormed(s) && s.indexOf('\u0307') < 0;
  }

  /** No lone surrogate: the index stores those as U+FFFD, so an exact comparison would miss. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Text the matcher reads as a number but the store indexes no point for. */
  private static final String NUMBER_AS_TEXT = "[\u0000- ].*|.*[\u0000- ]|\\+.*|.*[eE].*|.*\\.|.{25,}|.*[^\u0000-\u007F].*";

  private Query num(String f, Test.Num n) {
    BigDecimal v = n.value();
    double d = v.doubleValue();
    double lo = Math.nextDown(d);
    double hi = Math.nextUp(d);
    Query points;
    switch (n.op()) {
      case EQ:
        points = DoublePoint.newRangeQuery(f + EventStore.NUM, lo, hi);
        break;
      case GT:
      case GTE:
        points = DoublePoint.newRangeQuery(f + EventStore.NUM, lo, Double.POSITIVE_INFINITY);
        break;
      default:
        points = DoublePoint.newRangeQuery(f + EventStore.NUM, Double.NEGATIVE_INFINITY, hi);
        break;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(points, BooleanClause.Occur.SHOULD);
    clauses++;
    Query text = regexp(f, NUMBER_AS_TEXT);
    if (text == null) {
      return null;
    }
    b.add(text, BooleanClause.Occur.SHOULD);
    return b.build();
  }
}
