package org.patou.sigma.match;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.patou.event.Event;
import org.patou.sigma.compile.AhoCorasick;
import org.patou.sigma.compile.Compiler;
import org.patou.sigma.compile.EventContext;
import org.patou.sigma.compile.FieldTable;
import org.patou.sigma.compile.Node;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.rule.RuleInfo;

/**
 * Matches events against compiled rules.
 *
 * <p>Per event: the {@link Router} picks the buckets the event's channel/EventID (or other
 * precondition key) selects, plus the unindexed bucket; in each, the prefilter runs one automaton
 * per field (over the original value, folding case per char, where the needles allow it; else over
 * the lower-cased value) and collects the variants whose literals occur; those and the literal-free
 * variants are evaluated (precondition, then body) in rule order, without walking the bucket's
 * whole variant list. A rule fires at most once per event. Field values are fetched, stringified and lower-cased once per event by
 * the {@link EventContext}; nothing else is allocated unless a rule fires.
 *
 * <p>NOT thread-safe (per-event scratch and correlation state): use {@link #copy()} per thread.
 * The compiled rules are immutable and shared between copies.
 */
public final class Detector {
  /** A variant compiled: which rule, and its precondition and body as tree and as nodes. */
  record CompiledVariant(
      int rule, Expr when, Expr body, Node whenNode, Node bodyNode, UnaryOperator<String> fieldMap) {}

  /** What copies share. */
  private record Shared(
      List<RuleInfo> rules,
      boolean[] emit,
      boolean[] correlated,
      List<CompiledVariant> variants,
      FieldTable fields,
      Router router,
      Set<String> channels,
      boolean unsureChannels,
      Supplier<? extends CorrelationSink> correlation,
      List<RulePlan> plans,
      List<String> leafFallback) {}

  private final Shared shared;
  private final EventContext ctx;
  private final int[] ruleFired;
  private final int[] marked;
  private int stamp;
  private CorrelationSink correlation;
  private long events;
  private long candidates;
  private long detections;

  // Scratch for the prefilter callback, so scanning allocates no lambda per call.
  private int[][] currentHits;
  private int currentBase;
  private final int[] literalSeen;
  private int[] cand = new int[64]; // this bucket's marked variants, in marking order
  private int nCand;
  private char[] scratch = new char[1024];
  private int tsStamp;
  private long ts;
  private final IntConsumer markHit = this::markHit;

  private Detector(Shared shared) {
    this.shared = shared;
    this.ctx = new EventContext(shared.fields);
    // Router keys (channel, EventID) take few values: their lowering is cached across events.
    for (int slot : shared.router.slots1) {
      ctx.cacheLowered(slot);
    }
    for (Map<String, Router.Route> routes : shared.router.by1) {
      for (Router.Route route : routes.values()) {
        for (int slot : route.slots2) {
          ctx.cacheLowered(slot);
        }
      }
    }
    this.ruleFired = new int[shared.rules.size()];
    this.marked = new int[shared.variants.size()];
    this.literalSeen = new int[shared.router.literals];
    this.correlation = shared.correlation == null ? null : shared.correlation.get();
  }

  /**
   * Builds a detector (used by {@link org.patou.sigma.SigmaLoader}).
   *
   * @param leafFallback event-name prefixes where a missing field is also looked up by leaf name
   * @param channelFields event fields that hold a Windows channel, for {@link #mayMatch}
   * @param correlation makes a fresh correlation state per copy; null when no correlation
   * @param prefilter false evaluates every routed variant (for tests comparing both ways)
   */
  public static Detector build(
      List<RulePlan> plans,
      List<String> leafFallback,
      Set<String> channelFields,
      Supplier<? extends CorrelationSink> correlation,
      boolean prefilter) {
    return build(plans, leafFallback, channelFields, correlation, prefilter, new Compiler.Cache());
  }

  /** As above, reusing tests already compiled into {@code cache} (by the loader's trial compile). */
  public static Detector build(
      List<RulePlan> plans,
      List<String> leafFallback,
      Set<String> channelFields,
      Supplier<? extends CorrelationSink> correlation,
      boolean prefilter,
      Compiler.Cache cache) {
    FieldTable fields = new FieldTable(leafFallback);
    Compiler compiler = new Compiler(fields, cache);
    List<RuleInfo> rules = new ArrayList<>();
    boolean[] emit = new boolean[plans.size()];
    boolean[] correlated = new boolean[plans.size()];
    List<CompiledVariant> variants = new ArrayList<>();
    Set<String> channels = new HashSet<>();
    boolean unsure = false;
    List<Expr> bodies = new ArrayList<>();
    plans.forEach(p -> p.variants().forEach(v -> bodies.add(v.body())));
    java.util.function.ToIntFunction<String> popularity = Router.popularity(bodies);
    for (RulePlan p : plans) {
      int r = rules.size();
      rules.add(p.info());
      emit[r] = p.emit();
      correlated[r] = p.correlated();
      for (RulePlan.Variant v : p.variants()) {
        Expr body = prefilter ? prefilteredLast(v.body(), popularity) : v.body();
        variants.add(
            new CompiledVariant(
                r, v.when(), body, compiler.compile(Router.unkeyed(v.when())), compiler.compile(body), v.fieldMap()));
        boolean keyed = false;
        List<Router.Key> keys = Router.keys(v.when());
        for (Router.Key k : keys) {
          if (channelFields.contains(k.field())) {
            channels.addAll(k.values());
            keyed = true;
          }
        }
        if (!keyed
            && windowsOrUnknown(p.info())
            && !keepsOffChannels(v.when(), channelFields)
            && !keyedOutsideChannelNamespaces(keys, channelFields)
            && !(UNMAPPED.equals(v.label()) && specificSource(p.info()))) {
          unsure = true;
        }
      }
    }
    Router router = Router.build(variants, fields, prefilter, popularity);
    return new Detector(
        new Shared(
            List.copyOf(rules), emit, correlated, List.copyOf(variants), fields, router,
            Set.copyOf(channels), unsure, correlation, List.copyOf(plans), List.copyOf(leafFallback)));
  }

  /**
   * Moves the AND child the prefilter keys the rule on to the end of the positive children: when
   * the rule is a candidate, that child is almost surely true, so another child decides sooner.
   * Same meaning: AND is commutative (the prefilter may then key on an equally good child).
   */
  static Expr prefilteredLast(Expr body, java.util.function.ToIntFunction<String> popularity) {
    if (!(body instanceof Expr.And a)) {
      return body;
    }
    int chosen = org.patou.sigma.optimise.NecessaryLiterals.chosenChild(a, popularity);
    if (chosen < 0) {
      return body;
    }
    List<Expr> xs = new ArrayList<>(a.children());
    Expr c = xs.remove(chosen);
    int at = 0;
    while (at < xs.size() && !(xs.get(at) instanceof Expr.Not)) {
      at++;
    }
    xs.add(at, c);
    return new Expr.And(xs);
  }

  /**
   * The label of a rule's variant when no pipeline maps its logsource. When that logsource names a
   * category or service, it is a specific source no pipeline knows a channel for (SigmaHQ's Windows
   * {@code file_access}/{@code file_rename} rules, made for kernel ETW traces that EVTX files do not
   * hold): such a rule does not keep a hunt from skipping a file by its channel, and still runs on
   * every file that is read. A rule with {@code product: windows} alone means every Windows log, so
   * it reads every channel.
   */
  public static final String UNMAPPED = "unmapped";

  private static boolean specificSource(RuleInfo info) {
    return info.logsource().get("category") != null || info.logsource().get("service") != null;
  }

  /**
   * True when the precondition keys on fields outside the namespaces of the channel fields (a web
   * server's {@code event.category}, Zeek's {@code _path}): such a variant never meets an event
   * that has a channel, whatever the channel.
   */
  private static boolean keyedOutsideChannelNamespaces(List<Router.Key> keys, Set<String> channelFields) {
    if (keys.isEmpty() || channelFields.isEmpty()) {
      return false;
    }
    for (Router.Key k : keys) {
      for (String c : channelFields) {
        if (root(k.field()).equals(root(c))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String root(String field) {
    int dot = field.indexOf('.');
    return dot < 0 ? field : field.substring(0, dot);
  }

  /** True when the precondition excludes every event that carries a channel field. */
  private static boolean keepsOffChannels(Expr when, Set<String> channelFields) {
    List<Expr> conj = when instanceof Expr.And a ? a.children() : List.of(when);
    for (Expr c : conj) {
      if (c instanceof Expr.Not n) {
        List<Expr> alts = n.child() instanceof Expr.Or o ? o.children() : List.of(n.child());
        boolean all = !channelFields.isEmpty();
        for (String f : channelFields) {
          all &= alts.contains(new Expr.Exists(f));
        }
        if (all) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean windowsOrUnknown(RuleInfo info) {
    String product = info.logsource().get("product");
    return product == null || product.equalsIgnoreCase("windows");
  }

  /** Matches one event; detections (base rules, and correlations on event time) go to {@code out}. */
  public void match(Event event, Consumer<Detection> out) {
    events++;
    ctx.reset(event);
    if (++stamp == Integer.MAX_VALUE) {
      java.util.Arrays.fill(ruleFired, 0);
      java.util.Arrays.fill(marked, 0);
      java.util.Arrays.fill(literalSeen, 0);
      tsStamp = 0;
      stamp = 1;
    }
    // The usual case: one route, one bucket (merged with the levels above), so one pass. An event
    // that meets several buckets runs each; variants in two of them may be evaluated twice, never
    // fire twice (ruleFired).
    Router r = shared.router;
    int ran = 0;
    for (int i = 0; i < r.slots1.length; i++) {
      int slot = r.slots1[i];
      int n = ctx.count(slot);
      for (int k = 0; k < n; k++) {
        Router.Route route = r.by1.get(i).get(ctx.low(slot, k));
        if (route != null) {
          ran += route(route, out);
        }
      }
    }
    if (ran == 0) {
      run(r.unindexed, out);
    } else {
      run(r.unmerged, out);
    }
  }

  private int route(Router.Route route, Consumer<Detection> out) {
    int ran = 0;
    for (int j = 0; j < route.slots2.length; j++) {
      int slot = route.slots2[j];
      int n = ctx.count(slot);
      for (int k = 0; k < n; k++) {
        Bucket b = route.by2.get(j).get(ctx.low(slot, k));
        if (b != null) {
          run(b, out);
          ran++;
        }
      }
    }
    if (ran == 0) {
      run(route.rest, out);
    }
    return 1;
  }

  private void run(Bucket b, Consumer<Detection> out) {
    if (b.variants.length == 0) {
      return;
    }
    // Candidates are collected as they are marked, then evaluated in rule (id) order: a bucket of
    // ~1,000 process-creation variants leaves a dozen, so the bucket's list is never walked.
    nCand = 0;
    for (int v : b.always) {
      candidate(v);
    }
    for (int f = 0; f < b.slots.length; f++) {
      int slot = b.slots[f];
      currentHits = b.hits[f];
      currentBase = b.literalBase[f];
      AhoCorasick ac = b.automata[f];
      boolean fold = ac.foldable(); // scan the original text, folding case per char
      if (slot < 0) {
        scanAny(ac, fold, b.scanned, b.anyStringsOnly);
        continue;
      }
      int n = ctx.count(slot);
      for (int k = 0; k < n; k++) {
        scan(ac, fold ? ctx.str(slot, k) : ctx.low(slot, k), fold);
      }
    }
    int[] cand = this.cand;
    int nc = nCand;
    if (nc > 1) {
      java.util.Arrays.sort(cand, 0, nc);
    }
    List<CompiledVariant> all = shared.variants;
    for (int i = 0; i < nc; i++) {
      int v = cand[i];
      marked[v] = stamp - 1; // evaluate once even if routed twice
      CompiledVariant cv = all.get(v);
      if (ruleFired[cv.rule()] == stamp) {
        continue;
      }
      candidates++;
      if (cv.whenNode().eval(ctx) && cv.bodyNode().eval(ctx)) {
        ruleFired[cv.rule()] = stamp;
        fire(cv, ctx.event(), out);
      }
    }
  }

  private void candidate(int v) {
    if (marked[v] != stamp) {
      marked[v] = stamp;
      if (nCand == cand.length) {
        cand = java.util.Arrays.copyOf(cand, nCand * 2);
      }
      cand[nCand++] = v;
    }
  }

  // The any-field scan walks the event's fields without allocating a lambda per event.
  private AhoCorasick anyAc;
  private boolean anyFold;
  private Set<String> anySkip;
  private boolean anyStringsOnly;
  private final java.util.function.BiConsumer<String, Object> anyVisit = this::scanField;

  private void scanAny(AhoCorasick ac, boolean fold, Set<String> skip, boolean stringsOnly) {
    anyStringsOnly = stringsOnly;
    anyAc = ac;
    anyFold = fold;
    anySkip = skip;
    ctx.event().forEach(anyVisit);
  }

  private void scanField(String name, Object value) {
    if ((anyStringsOnly && !(value instanceof String || value instanceof List)) || anySkip.contains(name)) {
      return;
    }
    if (value instanceof List<?> l) {
      for (Object o : l) {
        String s = org.patou.sigma.compile.Values.str(o);
        scan(anyAc, anyFold ? s : s.toLowerCase(Locale.ROOT), anyFold);
      }
    } else {
      String s = org.patou.sigma.compile.Values.str(value);
      scan(anyAc, anyFold ? s : s.toLowerCase(Locale.ROOT), anyFold);
    }
  }

  private void scan(AhoCorasick ac, String text, boolean fold) {
    int len = text.length();
    if (len > scratch.length) {
      scratch = new char[Math.max(len, scratch.length * 2)];
    }
    text.getChars(0, len, scratch, 0);
    ac.forEachMatch(scratch, len, fold, markHit);
  }

  private void markHit(int literal) {
    // A literal seen again in this event (".exe" in a command line) marks nothing new.
    int g = currentBase + literal;
    if (literalSeen[g] == stamp) {
      return;
    }
    literalSeen[g] = stamp;
    for (int v : currentHits[literal]) {
      candidate(v);
    }
  }

  private void fire(CompiledVariant cv, Event e, Consumer<Detection> out) {
    int rule = cv.rule();
    RuleInfo info = shared.rules.get(rule);
    if (tsStamp != stamp) { // parsed once per event, however many rules fire on it
      tsStamp = stamp;
      ts = timestampOf(e);
    }
    if (shared.emit[rule]) {
      detections++;
      out.accept(new Detection(info, ts, List.of(e), Map.of()));
    }
    if (shared.correlated[rule] && correlation != null) {
      // The correlation reads group-by and value fields by the rule's names: map them the same way.
      correlation.onMatch(info, new MappedEvent(e, cv.fieldMap()), ts, d -> {
        detections++;
        out.accept(d);
      });
    }
  }

  /** End of stream: pending correlation results. */
  public void finish(Consumer<Detection> out) {
    if (correlation != null) {
      correlation.finish(d -> {
        detections++;
        out.accept(d);
      });
    }
  }

  /** A detector for another thread: same compiled rules, fresh state. */
  public Detector copy() {
    return new Detector(shared);
  }

  /**
   * Forgets the correlation state, as a fresh {@link #copy()} would, but keeps this detector's
   * scratch arrays: with the full SigmaHQ set a copy costs ~100 µs and ~0.5 MB, which a hunt over
   * thousands of small files, each started afresh, would pay per file. Per-event state is stamped,
   * so nothing else needs clearing.
   */
  public void reset() {
    correlation = shared.correlation == null ? null : shared.correlation.get();
  }

  /** Event time in epoch ms from the usual time fields, or {@link Long#MIN_VALUE} if none. */
  public long timestampOf(Event e) {
    return EventTime.of(e);
  }

  /**
   * False when no loaded rule can match events of this Windows channel (a hunt may skip the file);
   * true when some rule might, or when unsure (a rule with no channel precondition).
   */
  public boolean mayMatch(String channel) {
    return shared.unsureChannels
        || channel == null
        || shared.channels.contains(channel.toLowerCase(Locale.ROOT));
  }

  public Stats stats() {
    return new Stats(
        events, candidates, detections, correlation == null ? Map.of() : Map.copyOf(correlation.counters()));
  }

  /**
   * The plans this detector was built from (rule, variants: precondition and body in event field
   * names), for tools that reason about what a rule can match, such as a retro-hunt that narrows
   * stored events with an index query before matching. Immutable.
   */
  public List<RulePlan> plans() {
    return shared.plans;
  }

  /** The event-name prefixes under which a missing field is also looked up by its leaf name. */
  public List<String> leafFallbackPrefixes() {
    return shared.leafFallback;
  }

  /** Number of compiled rules (base rules with at least one variant). */
  public int ruleCount() {
    return shared.rules.size();
  }
}
