package org.patou.hunt;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.patou.event.Event;
import org.patou.sigma.DetectorOptions;
import org.patou.sigma.LoadReport;
import org.patou.sigma.SigmaLoader;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleSource;

/**
 * The {@link Engine} backed by patou-core: {@link SigmaLoader} with the bundled pipelines (Windows
 * channels and Sysmon, ECS, Linux...) and no placeholders, compiled into a {@link Detector}. This
 * class is the only place in the app that calls the Sigma engine.
 */
public final class SigmaEngine implements Engine {
  /** Cap on open correlation states (group keys) per detector. */
  static final int MAX_CORRELATION_STATES = 100_000;

  private final RuleDocuments cache;

  /** An engine that reads every rule file's YAML at each load. */
  public SigmaEngine() {
    this(null);
  }

  /** An engine that takes the rule files' YAML documents from {@code cache} (null: reads them). */
  public SigmaEngine(RuleDocuments cache) {
    this.cache = cache;
  }

  @Override
  public Loaded load(List<RuleSource> sources, Level minLevel) {
    return load(sources, minLevel, Map.of());
  }

  @Override
  public Loaded load(List<RuleSource> sources, Level minLevel, Map<String, List<String>> placeholders) {
    SigmaLoader loader = new SigmaLoader(Pipelines.bundled(), placeholders);
    RuleDocuments.Session docs = cache == null ? null : cache.open(sources);
    for (RuleSource s : sources) {
      loader.add(s, docs == null ? null : docs.documents(s));
    }
    if (docs != null) {
      docs.save();
    }
    Detector detector = loader.compile(new DetectorOptions(minLevel, MAX_CORRELATION_STATES));
    LoadReport r = loader.report();
    LoadSummary summary =
        new LoadSummary(
            r.files(), r.rules(), r.loadedCount(), r.unmapped().size(), r.unsupported(), r.invalid());
    return new Loaded(summary, new DetectorMatcher(detector));
  }

  /** patou-core's {@link Detector} seen as a {@link Matcher}. */
  private record DetectorMatcher(Detector detector) implements Matcher {
    @Override
    public void match(Event event, Consumer<Detection> out) {
      detector.match(event, out);
    }

    @Override
    public void finish(Consumer<Detection> out) {
      detector.finish(out);
    }

    @Override
    public Matcher copy() {
      return new DetectorMatcher(detector.copy());
    }

    @Override
    public void reset() {
      detector.reset();
    }

    @Override
    public long timestampOf(Event event) {
      return detector.timestampOf(event);
    }

    @Override
    public boolean mayMatch(String channel) {
      return detector.mayMatch(channel);
    }
  }
}
