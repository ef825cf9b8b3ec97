package org.patou.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.sigma.match.Detector;
import org.patou.store.Alert;
import org.patou.store.EventStore;

/**
 * Runs the live rule set over stored events (oldest first) and keeps the detections of one rule:
 * "would this rule have fired last week?". Uses a fresh {@link Detector#copy()}, so live matching
 * and its correlation state are untouched; raises no alert. Runs on the caller's thread.
 */
public final class RetroHunt {
  private RetroHunt() {}

  /** What a hunt found: events scanned, and one alert-shaped finding per detection (id 0: not stored). */
  public record Result(long scanned, List<Alert> findings, boolean truncated) {}

  public static Result run(LiveRules rules, EventStore store, String ruleId, String q, long from, long to,
      long maxScan, int maxFindings) throws IOException {
    LiveRules.Set0 set = rules.current();
    if (set == null) {
      return new Result(0, List.of(), false);
    }
    Detector d = set.detector().copy();
    JsonEventReader json = new JsonEventReader();
    List<Alert> findings = new ArrayList<>();
    long scanned = store.scan(q, from, to, maxScan, hit -> {
      Event e = new IdEvent(hit.id(), json.parse(hit.sourceJson()));
      d.match(e, det -> {
        if (det.rule().id().equals(ruleId) && findings.size() < maxFindings) {
          findings.add(EventProcessor.toAlert(det, hit.id()));
        }
      });
    });
    d.finish(det -> {
      if (det.rule().id().equals(ruleId) && findings.size() < maxFindings) {
        findings.add(EventProcessor.toAlert(det, ""));
      }
    });
    return new Result(scanned, findings, scanned >= maxScan);
  }
}
