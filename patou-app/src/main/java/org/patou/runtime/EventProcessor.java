package org.patou.runtime;

import java.io.IOException;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.patou.acquire.SourceMetrics;
import org.patou.event.Event;
import org.patou.parse.LineParser;
import org.patou.parse.ParsedRecord;
import org.patou.parse.RecordParser;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.store.Alert;
import org.patou.store.AlertStore;
import org.patou.store.EventStore;
import org.patou.store.WalRecord;

/**
 * One record through parse → detect → store, on the calling thread (the pipeline's): parse with
 * {@link RecordParser}, match with a private copy of the live detector, add to the event store
 * (id = WAL sequence number), turn enabled detections into alerts linked to the event ids. Not
 * thread-safe; live and replay use the same code.
 */
public final class EventProcessor {
  /** Entity fields copied into alerts. */
  public static final List<String> ENTITY_FIELDS = List.of("host.name", "user.name", "source.ip",
      "destination.ip", "process.name", "Event.System.Computer", "Event.EventData.User",
      "Event.EventData.TargetUserName", "Event.EventData.Image");

  private final RecordParser parser;
  private final LiveRules rules;
  private final EventStore store;
  private final AlertStore alerts;
  private final java.util.function.Function<String, SourceMetrics> metrics;
  private Detector detector;
  private long detectorVersion;
  private AttackActivity attacks;
  private List<EventObserver> observers = List.of();
  public long alertsRaised;

  public EventProcessor(ZoneId zone, List<LineParser> extraParsers, LiveRules rules, EventStore store,
      AlertStore alerts, java.util.function.Function<String, SourceMetrics> metrics) {
    this.parser = new RecordParser(zone, extraParsers);
    this.rules = rules;
    this.store = store;
    this.alerts = alerts;
    this.metrics = metrics;
  }

  public void process(WalRecord r) throws IOException {
    ParsedRecord p = parser.parse(r);
    SourceMetrics m = metrics.apply(r.sourceName());
    (p.raw() ? m.raw : m.parsed).increment();
    String id = Long.toString(r.seq());
    IdEvent e = new IdEvent(id, p.event());
    Detector d = detector();
    long ts = d != null ? d.timestampOf(e) : Long.MIN_VALUE;
    if (ts == Long.MIN_VALUE || ts <= 0) {
      ts = r.receivedAt();
    }
    store.add(id, r.receivedAt(), ts, p.raw(), e.event());
    if (d != null) {
      List<Detection> found = new ArrayList<>(1);
      d.match(e, found::add);
      for (Detection det : found) {
        if (rules.enabled(det.rule().id())) {
          try {
            alerts.add(toAlert(det, id));
            alertsRaised++;
            if (attacks != null) {
              attacks.saw(det);
            }
          } catch (SQLException ex) {
            throw new IOException("storing an alert: " + ex.getMessage(), ex);
          }
        }
      }
    }
    for (EventObserver o : observers) {
      o.event(id, e.event(), ts, r.receivedAt(), r.sourceName());
    }
  }

  /** What else sees each stored event (live scenarios, egress, discovery), in this order. */
  public EventProcessor observers(List<EventObserver> list) {
    this.observers = List.copyOf(list);
    return this;
  }

  /** Where alerts also go as attack activity on inventory assets (null: nowhere). */
  public EventProcessor attackActivity(AttackActivity a) {
    this.attacks = a;
    return this;
  }

  /** Called at each commit, on the pipeline thread. */
  public void committed() {
    if (attacks != null) {
      attacks.flush();
    }
    for (EventObserver o : observers) {
      o.committed();
    }
  }

  private Detector detector() {
    LiveRules.Set0 s = rules.current();
    if (s == null) {
      return null;
    }
    if (s.version() != detectorVersion) {
      detector = s.detector().copy();
      detectorVersion = s.version();
    }
    return detector;
  }

  static Alert toAlert(Detection det, String currentId) {
    List<String> ids = new ArrayList<>();
    Map<String, List<String>> entities = new LinkedHashMap<>();
    for (Event ev : det.events()) {
      ids.add(ev instanceof IdEvent ie ? ie.id() : currentId);
      for (String f : ENTITY_FIELDS) {
        Object v = ev.get(f);
        if (v != null) {
          List<String> vs = entities.computeIfAbsent(f, k -> new ArrayList<>());
          if (!vs.contains(v.toString())) {
            vs.add(v.toString());
          }
        }
      }
    }
    det.groupBy().forEach((k, v) -> entities.computeIfAbsent(k, x -> new ArrayList<>()).add(String.valueOf(v)));
    if (ids.isEmpty()) {
      ids.add(currentId);
    }
    long ts = det.timestamp() > 0 ? det.timestamp() : System.currentTimeMillis();
    return new Alert(0, det.rule().id(), det.rule().title(),
        det.rule().level() == null ? "" : det.rule().level().label(), ts, System.currentTimeMillis(),
        ids, entities);
  }
}
