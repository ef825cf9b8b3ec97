package org.patou.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.match.RulePlan;
import org.patou.store.Alert;
import org.patou.store.EventStore;
import org.patou.store.SigmaPrefilter;

/**
 * Runs the live rule set over stored events (oldest first): "would this rule have fired last
 * week?". Uses a fresh {@link Detector#copy()}, so live matching and its correlation state are
 * untouched; raises no alert. Runs on the caller's thread.
 *
 * <p>One rule: the rule is first turned into an index query ({@link SigmaPrefilter}) that every
 * event it can match satisfies, so only those events are read and matched; the detections are the
 * same as a scan of every event (the events reach the detector in the same order). A correlation
 * is narrowed to the events of the base rules correlations use. Where nothing can be narrowed the
 * hunt scans, and says so ({@code translated: false}).
 *
 * <p>The whole rule set: one scan with the full detector (an OR of every rule's query would select
 * nearly everything), keeping the detections of enabled rules.
 */
public final class RetroHunt {
  private RetroHunt() {}

  /**
   * What a hunt did and found: events read and matched ({@code scanned}), events the time range and
   * {@code q} select ({@code selected}: what a full scan reads), whether a prefilter narrowed them
   * and the prefilter as a Lucene query, and one alert-shaped finding per detection (id 0: not
   * stored). {@code truncated}: the scan or the findings hit their bound.
   */
  public record Result(long scanned, long selected, boolean translated, String query, List<Alert> findings,
      boolean truncated) {
    public Result(long scanned, List<Alert> findings, boolean truncated) {
      this(scanned, scanned, false, "", findings, truncated);
    }
  }

  /** One rule, narrowed by its index query where it can be. */
  public static Result run(LiveRules rules, EventStore store, String ruleId, String q, long from, long to,
      long maxScan, int maxFindings) throws IOException {
    return run(rules, store, ruleId, q, from, to, maxScan, maxFindings, true);
  }

  /** One rule; {@code translate} false scans every selected event (tests compare both ways). */
  public static Result run(LiveRules rules, EventStore store, String ruleId, String q, long from, long to,
      long maxScan, int maxFindings, boolean translate) throws IOException {
    LiveRules.Set0 set = rules.current();
    if (set == null) {
      return new Result(0, 0, false, "", List.of(), false);
    }
    Detector d = set.detector();
    Function<Set<String>, Query> prefilter = translate ? names -> prefilter(d, ruleId, names) : null;
    try {
      return scan(d, store, q, from, to, maxScan, maxFindings, prefilter, det -> det.rule().id() != null
          && det.rule().id().equals(ruleId));
    } catch (IndexSearcher.TooManyClauses e) {
      // A rule with thousands of values (hash lists) can exceed Lucene's clause limit: scan.
      return scan(d, store, q, from, to, maxScan, maxFindings, null, det -> ruleId.equals(det.rule().id()));
    }
  }

  /** Every enabled rule over the selected events: one scan with the full detector. */
  public static Result runAll(LiveRules rules, EventStore store, String q, long from, long to, long maxScan,
      int maxFindings) throws IOException {
    LiveRules.Set0 set = rules.current();
    if (set == null) {
      return new Result(0, 0, false, "", List.of(), false);
    }
    return scan(set.detector(), store, q, from, to, maxScan, maxFindings, null,
        det -> rules.enabled(det.rule().id()));
  }

  /**
   * The index query for a rule: its variants, or for a correlation (no plan of its own) the
   * variants of every base rule correlations use; null when it cannot narrow (scan all).
   */
  static Query prefilter(Detector d, String ruleId, Set<String> indexedFields) {
    SigmaPrefilter t = new SigmaPrefilter(d.leafFallbackPrefixes(), indexedFields);
    List<RulePlan> correlated = new ArrayList<>();
    for (RulePlan p : d.plans()) {
      if (ruleId.equals(p.info().id())) {
        return t.rule(p);
      }
      if (p.correlated()) {
        correlated.add(p);
      }
    }
    return t.anyOf(correlated);
  }

  private static Result scan(Detector live, EventStore store, String q, long from, long to, long maxScan,
      int maxFindings, Function<Set<String>, Query> prefilter, Predicate<Detection> keep) throws IOException {
    Detector d = live.copy();
    JsonEventReader json = new JsonEventReader();
    List<Alert> findings = new ArrayList<>();
    boolean[] more = new boolean[1];
    EventStore.ScanStats s = store.scan(q, prefilter, from, to, maxScan, hit -> {
      Event e = new IdEvent(hit.id(), json.parse(hit.sourceJson()));
      d.match(e, det -> {
        if (keep.test(det)) {
          if (findings.size() < maxFindings) {
            findings.add(EventProcessor.toAlert(det, hit.id()));
          } else {
            more[0] = true;
          }
        }
      });
    });
    d.finish(det -> {
      if (keep.test(det)) {
        if (findings.size() < maxFindings) {
          findings.add(EventProcessor.toAlert(det, ""));
        } else {
          more[0] = true;
        }
      }
    });
    boolean translated = !s.prefilter().isEmpty();
    return new Result(s.scanned(), s.selected(), translated, s.prefilter(), findings,
        more[0] || s.scanned() >= maxScan);
  }
}
