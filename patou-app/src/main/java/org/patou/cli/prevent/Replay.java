package org.patou.cli.prevent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.patou.decide.Alert;
import org.patou.decide.Decider;
import org.patou.decide.ScenarioEngine;
import org.patou.event.Event;
import org.patou.parse.LineReader;

/**
 * Feeds log files, line by line, through a parser, a {@link ScenarioEngine} and a {@link Decider};
 * each outcome goes to a consumer as it happens. Files are read one after the other (not merged by
 * time). Shared by {@code patou simulate}, the CrowdSec hub comparison and the benchmark.
 */
public final class Replay {
  /** Counts of one replay. */
  public static final class Stats {
    public long lines;
    public long parsed;
    public long alerts;
    public long decisions;
    public long refused;
  }

  private final Function<String, Event> parser;
  private final ScenarioEngine engine;
  private final Decider decider;
  private final Stats stats = new Stats();
  private Consumer<Alert> alertListener = a -> {};

  public Replay(Function<String, Event> parser, ScenarioEngine engine, Decider decider) {
    this.parser = parser;
    this.engine = engine;
    this.decider = decider;
  }

  /** Called with every alert, before the decider sees it. */
  public Replay onAlert(Consumer<Alert> listener) {
    this.alertListener = listener;
    return this;
  }

  public Decider decider() {
    return decider;
  }

  public Stats stats() {
    return stats;
  }

  public ScenarioEngine engine() {
    return engine;
  }

  /** Replays one file ({@code .gz} is decompressed). */
  public void file(Path file, Consumer<Decider.Outcome> out) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      LineReader r = new LineReader(in, 64 * 1024);
      String line;
      while ((line = r.readLine()) != null) {
        line(line, out);
      }
    }
  }

  /** Replays one line. */
  public void line(String line, Consumer<Decider.Outcome> out) {
    stats.lines++;
    Event e = parser.apply(line);
    if (e == null) {
      return;
    }
    stats.parsed++;
    List<Alert> alerts = engine.offer(e);
    if (alerts.isEmpty()) {
      return;
    }
    stats.alerts += alerts.size();
    alerts.forEach(alertListener);
    for (Decider.Outcome o : decider.decide(alerts)) {
      if (o.decision() != null) {
        stats.decisions++;
      } else {
        stats.refused++;
      }
      out.accept(o);
    }
  }
}
