package org.patou.sigma;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.patou.sigma.compile.Compiler;
import org.patou.sigma.compile.FieldTable;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.Exprs;
import org.patou.sigma.match.CorrelationSink;
import org.patou.sigma.match.Detector;
import org.patou.sigma.match.RulePlan;
import org.patou.sigma.optimise.Optimiser;
import org.patou.sigma.parse.ParsedDoc;
import org.patou.sigma.parse.RuleFileParser;
import org.patou.sigma.parse.ValueParser;
import org.patou.sigma.parse.Yaml;
import org.patou.sigma.pipeline.Pipeline;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleInfo;
import org.patou.sigma.rule.RuleProblem;
import org.patou.sigma.rule.RuleSource;

/**
 * Loads Sigma rule files and compiles them into a {@link Detector}. Bad input never throws: each
 * document that cannot be used becomes a {@link RuleProblem} in the {@link #report()}, and the
 * other documents of the file and other files still load. Not thread-safe; the detector it builds
 * is used by one thread at a time (see {@link Detector#copy()}).
 */
public final class SigmaLoader {
  /**
   * The correlation seam: the hook the two-argument constructor uses, the adapter to {@code
   * org.patou.correlation}. Tests may pass {@link CorrelationHook#NONE} to the three-argument one.
   */
  public static final CorrelationHook DEFAULT_CORRELATION = CorrelationAdapter.INSTANCE;

  private final Pipelines pipelines;
  private final RuleFileParser parser;
  private final CorrelationHook correlationHook;
  private int files;
  private int rules;
  private final List<ParsedDoc.Rule> ruleDocs = new ArrayList<>();
  /**
   * Each rule's variants as {@link #accept} checked them (all optimiser passes, no meta filter):
   * {@link #compile} reuses them instead of mapping and optimising every rule a second time.
   */
  private final Map<ParsedDoc.Rule, List<RulePlan.Variant>> checkedVariants = new java.util.IdentityHashMap<>();
  private final List<ParsedDoc.Filter> filters = new ArrayList<>();
  private final List<Object> correlations = new ArrayList<>();
  private final List<RuleInfo> loaded = new ArrayList<>();
  private final List<RuleInfo> unmapped = new ArrayList<>();
  private final List<RuleProblem> unsupported = new ArrayList<>();
  private final List<RuleProblem> invalid = new ArrayList<>();
  private final Compiler.Cache compiled = new Compiler.Cache();

  public SigmaLoader(Pipelines pipelines, Map<String, List<String>> placeholders) {
    this(pipelines, placeholders, DEFAULT_CORRELATION);
  }

  public SigmaLoader(
      Pipelines pipelines, Map<String, List<String>> placeholders, CorrelationHook correlationHook) {
    this.pipelines = pipelines;
    this.parser = new RuleFileParser(new ValueParser(Map.copyOf(placeholders)));
    this.correlationHook = correlationHook;
  }

  /** Adds one file (one or more YAML documents). Never throws for bad input. */
  public void add(RuleSource file) {
    add(file, null);
  }

  /**
   * As {@link #add(RuleSource)}, with the file's YAML documents already read ({@link Yaml#read} of
   * its text, e.g. from a cache kept by the caller); null reads them here.
   */
  public void add(RuleSource file, Yaml.Documents docs) {
    files++;
    List<RuleFileParser.Outcome> outcomes;
    try {
      outcomes = docs == null ? parser.parse(file) : parser.parse(file, docs);
    } catch (RuntimeException e) {
      // A parser bug must not cost the user the other files: report it against the file.
      rules++;
      invalid.add(new RuleProblem(RuleProblem.Kind.INVALID, null, file.name(), 0, "internal error: " + e));
      return;
    }
    if (outcomes.isEmpty()) {
      rules++;
      invalid.add(new RuleProblem(RuleProblem.Kind.INVALID, null, file.name(), 1, "no YAML document in file"));
    }
    for (RuleFileParser.Outcome o : outcomes) {
      rules++;
      if (o.problem() != null) {
        (o.problem().kind() == RuleProblem.Kind.INVALID ? invalid : unsupported).add(o.problem());
      } else {
        accept(o.doc(), file);
      }
    }
  }

  private void accept(ParsedDoc doc, RuleSource file) {
    RuleInfo info = doc.info();
    if (doc instanceof ParsedDoc.Correlation c) {
      try {
        correlations.add(correlationHook.parse(c.doc(), file.name(), c.line()));
        loaded.add(info);
      } catch (UnsupportedOperationException e) {
        unsupported.add(problem(RuleProblem.Kind.UNSUPPORTED, info, c.line(), e.getMessage()));
      } catch (IllegalArgumentException e) {
        invalid.add(problem(RuleProblem.Kind.INVALID, info, c.line(), e.getMessage()));
      }
      return;
    }
    if (doc instanceof ParsedDoc.Filter f) {
      filters.add(f);
      loaded.add(info);
      return;
    }
    ParsedDoc.Rule r = (ParsedDoc.Rule) doc;
    List<RulePlan.Variant> vs;
    try {
      // Compile once now so that "loaded" means "parses and compiles".
      vs = variants(r.info(), r.detection(), Optimiser.all());
      Compiler c = new Compiler(new FieldTable(List.of()), compiled);
      for (RulePlan.Variant v : vs) {
        c.compile(v.when());
        c.compile(v.body());
      }
    } catch (RuntimeException e) {
      unsupported.add(problem(RuleProblem.Kind.UNSUPPORTED, info, r.line(), "does not compile: " + e.getMessage()));
      return;
    }
    ruleDocs.add(r);
    checkedVariants.put(r, vs);
    loaded.add(info);
    if (pipelines.variantsFor(info.logsource()).isEmpty()) {
      unmapped.add(info);
    }
  }

  private static RuleProblem problem(RuleProblem.Kind kind, RuleInfo info, int line, String msg) {
    return new RuleProblem(kind, info.id(), info.file(), line, msg);
  }

  public LoadReport report() {
    return new LoadReport(files, rules, loaded, unsupported, invalid, unmapped);
  }

  public Detector compile(DetectorOptions options) {
    return compile(options, Optimiser.all(), true);
  }

  /**
   * Compiles with a chosen optimiser and prefilter switch: for tests that check the optimised and
   * plain matchers agree, and for benchmarks.
   */
  public Detector compile(DetectorOptions options, Optimiser optimiser, boolean prefilter) {
    Supplier<CorrelationHook.Runtime> runtimes = null;
    CorrelationHook.Runtime probe = null;
    if (!correlations.isEmpty()) {
      List<Object> parsed = List.copyOf(correlations);
      int max = options.maxCorrelationStates();
      runtimes = () -> correlationHook.start(parsed, max);
      probe = runtimes.get();
    }
    Set<String> referenced = probe == null ? Set.of() : probe.referencedRules();
    List<RulePlan> plans = new ArrayList<>();
    for (ParsedDoc.Rule r : ruleDocs) {
      RuleInfo info = r.info();
      boolean below =
          options.minLevel() != null
              && info.level() != null
              && info.level().compareTo(options.minLevel()) < 0;
      boolean correlated =
          (info.id() != null && referenced.contains(info.id()))
              || (info.name() != null && referenced.contains(info.name()));
      boolean emit = !below && (!correlated || probe.generates(info));
      if (!emit && !correlated) {
        continue;
      }
      Expr body = withFilters(r);
      List<RulePlan.Variant> vs = body == r.detection() && optimiser.runsAll() ? checkedVariants.get(r) : null;
      plans.add(new RulePlan(info, emit, correlated, vs != null ? vs : variants(info, body, optimiser)));
    }
    Set<String> channelFields = new HashSet<>();
    for (Pipeline p : pipelines.list()) {
      String ch = p.fields().get("Channel");
      if (ch != null) {
        channelFields.add(ch);
      }
    }
    Supplier<? extends CorrelationSink> sink = runtimes;
    return Detector.build(plans, pipelines.leafFallbackPrefixes(), channelFields, sink, prefilter, compiled);
  }

  /** The rule's condition, with every meta filter that names it appended as {@code and not}. */
  private Expr withFilters(ParsedDoc.Rule r) {
    List<Expr> parts = new ArrayList<>();
    parts.add(r.detection());
    for (ParsedDoc.Filter f : filters) {
      Set<String> names = new LinkedHashSet<>(f.rules());
      if ((r.info().id() != null && names.contains(r.info().id()))
          || (r.info().name() != null && names.contains(r.info().name()))) {
        parts.add(new Expr.Not(f.condition()));
      }
    }
    return Expr.and(parts);
  }

  /**
   * One variant per pipeline source the logsource maps to. Unmapped: one, on every event no
   * pipeline claims for another product (see {@link Pipelines#unmappedWhen}).
   */
  private List<RulePlan.Variant> variants(RuleInfo info, Expr body, Optimiser optimiser) {
    List<RulePlan.Variant> out = new ArrayList<>();
    for (Pipelines.Variant v : pipelines.variantsFor(info.logsource())) {
      java.util.function.UnaryOperator<String> map = f -> v.pipeline().eventField(f, v.source());
      Expr mapped = Exprs.mapFields(body, map);
      out.add(new RulePlan.Variant(v.source().label(), optimiser.run(v.source().when()), optimiser.run(mapped), map));
    }
    if (out.isEmpty()) {
      Expr when = pipelines.unmappedWhen(info.logsource().get("product"));
      out.add(new RulePlan.Variant(org.patou.sigma.match.Detector.UNMAPPED, optimiser.run(when), optimiser.run(body)));
    }
    return out;
  }
}
