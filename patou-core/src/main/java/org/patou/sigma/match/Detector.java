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
 * per field over the lower-cased value and marks the variants whose literals occur; marked and
 * literal-free variants are evaluated (precondition, then body) in rule order. A rule fires at
 * most once per event. Field values are fetched, stringified and lower-cased once per event by
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
      Supplier<? extends CorrelationSink> correlation) {}

  private final Shared shared;
  private final EventContext ctx;
  private final int[] ruleFired;
  private final int[] marked;
  private int stamp;
  private final CorrelationSink correlation;
  private long events;
  private long candidates;
  private long detections;

  // Scratch for the prefilter callback, so scanning allocates no lambda per call.
  private int[][] currentHits;
  private char[] scratch = new char[1024];
  private final IntConsumer markHit = this::markHit;

  private Detector(Shared shared) {
    this.shared = shared;
    this.ctx = new EventContext(shared.fields);
    this.ruleFired = new int[shared.rules.size()];
    this.marked = new int[shared.variants.size()];
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
    FieldTable fields = new FieldTable(leafFallback);
    Compiler compiler = new Compiler(fields);
    List<RuleInfo> rules = new ArrayList<>();
    boolean[] emit = new boolean[plans.size()];
    boolean[] correlated = new boolean[plans.size()];
    List<CompiledVariant> variants = new ArrayList<>();
    Set<String> channels = new HashSet<>();
    boolean unsure = false;
    for (RulePlan p : plans) {
      int r = rules.size();
      rules.add(p.info());
      emit[r] = p.emit();
      correlated[r] = p.correlated();
      for (RulePlan.Variant v : p.variants()) {
        variants.add(
            new CompiledVariant(
                r, v.when(), v.body(), compiler.compile(v.when()), compiler.compile(v.body()), v.fieldMap()));
        boolean keyed = false;
        for (Router.Key k : Router.keys(v.when())) {
          if (channelFields.contains(k.field())) {
            channels.addAll(k.values());
            keyed = true;
          }
        }
        if (!keyed && windowsOrUnknown(p.info())) {
          unsure = true;
        }
      }
    }
    Router router = Router.build(variants, fields, prefilter);
    return new Detector(
        new Shared(
            List.copyOf(rules), emit, correlated, List.copyOf(variants), fields, router,
            Set.copyOf(channels), unsure, correlation));
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
    for (int v : b.always) {
      marked[v] = stamp;
    }
    for (int f = 0; f < b.slots.length; f++) {
      int slot = b.slots[f];
      currentHits = b.hits[f];
      AhoCorasick ac = b.automata[f];
      boolean fold = ac.foldable(); // scan the original text, folding case per char
      if (slot < 0) {
        scanAny(ac, fold, b.scanned);
        continue;
      }
      int n = ctx.count(slot);
      for (int k = 0; k < n; k++) {
        scan(ac, fold ? ctx.str(slot, k) : ctx.low(slot, k), fold);
      }
    }
    List<CompiledVariant> all = shared.variants;
    for (int v : b.variants) {
      if (marked[v] != stamp) {
        continue;
      }
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

  // The any-field scan walks the event's fields without allocating a lambda per event.
  private AhoCorasick anyAc;
  private boolean anyFold;
  private Set<String> anySkip;
  private final java.util.function.BiConsumer<String, Object> anyVisit = this::scanField;

  private void scanAny(AhoCorasick ac, boolean fold, Set<String> skip) {
    anyAc = ac;
    anyFold = fold;
    anySkip = skip;
    ctx.event().forEach(anyVisit);
  }

  private void scanField(String name, Object value) {
    if (anySkip.contains(name)) {
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
    for (int v : currentHits[literal]) {
      marked[v] = stamp;
    }
  }

  private void fire(CompiledVariant cv, Event e, Consumer<Detection> out) {
    int rule = cv.rule();
    RuleInfo info = shared.rules.get(rule);
    long ts = timestampOf(e);
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

  /** Number of compiled rules (base rules with at least one variant). */
  public int ruleCount() {
    return shared.rules.size();
  }
}
