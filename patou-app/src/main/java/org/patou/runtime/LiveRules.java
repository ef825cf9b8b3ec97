package org.patou.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.patou.rules.RuleTree;
import org.patou.sigma.DetectorOptions;
import org.patou.sigma.LoadReport;
import org.patou.sigma.SigmaLoader;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleInfo;
import org.patou.sigma.rule.RuleSource;

/**
 * The rule set the server runs, replaceable while it runs: {@link #reload} compiles the tree again
 * and swaps it in atomically; a reload that fails (no rule loads, the tree cannot be read, or more
 * invalid rules than the running set had) keeps the running set. Rules can be disabled by id (their
 * detections are not turned into alerts). Thread-safe; the pipeline thread takes a {@link
 * Detector#copy()} of each new set.
 *
 * <p>Note for the merge: this calls {@link SigmaLoader} directly because {@code
 * org.patou.hunt.Engine.Loaded} does not expose the list of loaded rules; fold it into the Engine
 * seam when moving.
 */
public final class LiveRules {
  /** One compiled set. {@code version} grows with each successful load. */
  public record Set0(long version, Detector detector, LoadReport report, Path tree) {}

  /** What a reload did. */
  public record Outcome(boolean applied, String message, int loaded, int invalid, int unsupported) {}

  private final AtomicReference<Set0> current = new AtomicReference<>();
  private final Set<String> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Path tree;

  public LiveRules(Path tree) {
    this.tree = tree;
  }

  /** Loads the rule tree; on failure the running set (if any) stays. */
  public synchronized Outcome reload() {
    RuleTree.Read read;
    try {
      read = tree == null ? new RuleTree.Read(List.of(), List.of()) : RuleTree.read(tree);
    } catch (IOException | RuntimeException e) {
      return new Outcome(false, "cannot read " + tree + ": " + e.getMessage(), 0, 0, 0);
    }
    return load(read.sources(), read.unreadable().size());
  }

  /** Loads the given rule files (tests, or a tree already read). */
  public synchronized Outcome load(List<RuleSource> sources, int unreadable) {
    SigmaLoader loader = new SigmaLoader(Pipelines.bundled(), Map.of());
    for (RuleSource s : sources) {
      loader.add(s);
    }
    LoadReport r = loader.report();
    Set0 old = current.get();
    int loaded = r.loadedCount();
    if (loaded == 0 && !sources.isEmpty()) {
      return new Outcome(false, "no rule loaded; the running set stays", 0, r.invalid().size(), r.unsupported().size());
    }
    if (old != null && (r.invalid().size() + unreadable > old.report().invalid().size())) {
      return new Outcome(false, (r.invalid().size() + unreadable) + " invalid rules (running set has "
          + old.report().invalid().size() + "); the running set stays: " + firstProblems(r),
          loaded, r.invalid().size(), r.unsupported().size());
    }
    Detector d = loader.compile(DetectorOptions.defaults());
    current.set(new Set0(old == null ? 1 : old.version() + 1, d, r, tree));
    return new Outcome(true, "loaded " + loaded + " rules", loaded, r.invalid().size(), r.unsupported().size());
  }

  private static String firstProblems(LoadReport r) {
    StringBuilder b = new StringBuilder();
    r.invalid().stream().limit(3).forEach(p -> b.append(p).append("; "));
    return b.toString();
  }

  public Set0 current() {
    return current.get();
  }

  public List<RuleInfo> rules() {
    Set0 s = current.get();
    return s == null ? List.of() : s.report().loaded();
  }

  public boolean enabled(String ruleId) {
    return !disabled.contains(ruleId);
  }

  public void setEnabled(String ruleId, boolean on) {
    if (on) {
      disabled.remove(ruleId);
    } else {
      disabled.add(ruleId);
    }
  }

  public Set<String> disabledIds() {
    return new HashSet<>(disabled);
  }
}
