package org.patou.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.sigma.DetectorOptions;
import org.patou.sigma.SigmaLoader;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;

/**
 * The full SigmaHQ Windows rule set (every rule under a {@code windows} folder of the three SigmaHQ
 * rule trees) matched against the regression events, replayed, on one thread. One operation is one
 * event through the detector, so the score is events per second.
 *
 * <p>Run: {@code patou-bench/scripts/sigma/bench-sigma.sh} (builds, then runs this with {@code -prof
 * gc} so that bytes allocated per event are printed as {@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class SigmaBenchmark {
  private Event[] events;
  private int mask;
  private int next;
  private Detector detector;

  /** Where {@code ../shared/data} is: the {@code patou.shared} property or beside the working dir. */
  static Path sharedData() {
    String prop = System.getProperty("patou.shared");
    Path shared = prop != null ? Paths.get(prop) : Paths.get("..", "shared").toAbsolutePath();
    if (!Files.isDirectory(shared.resolve("data"))) {
      throw new IllegalStateException("no corpus at " + shared + "/data: set -Dpatou.shared=DIR");
    }
    return shared.resolve("data");
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path data = sharedData();
    SigmaLoader loader = new SigmaLoader(Pipelines.bundled(), Map.of());
    Path repo = data.resolve("sigma/rules-repo");
    for (String tree : List.of("rules/windows", "rules-threat-hunting/windows", "rules-emerging-threats")) {
      try (Stream<Path> files = Files.walk(repo.resolve(tree))) {
        for (Path f : (Iterable<Path>) files.filter(SigmaBenchmark::isWindowsRule)::iterator) {
          loader.add(new RuleSource(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
        }
      }
    }
    detector = loader.compile(DetectorOptions.defaults());
    List<Event> loaded = new ArrayList<>();
    JsonEventReader reader = new JsonEventReader();
    try (Stream<Path> files = Files.walk(data.resolve("sigma/regression/regression_data"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
        try (InputStream in = Files.newInputStream(f)) {
          reader.readAll(in, loaded::add);
        }
      }
    }
    int size = Integer.highestOneBit(loaded.size() * 2 - 1);
    events = new Event[size];
    for (int i = 0; i < size; i++) {
      events[i] = loaded.get(i % loaded.size());
    }
    mask = size - 1;
    System.err.printf(
        java.util.Locale.ROOT,
        "rules loaded: %d, distinct events: %d, replay ring: %d%n",
        loader.report().loadedCount(), loaded.size(), size);
  }

  private static boolean isWindowsRule(Path p) {
    String s = p.toString();
    if (!(s.endsWith(".yml") || s.endsWith(".yaml"))) {
      return false;
    }
    if (s.contains("/windows/")) {
      return true;
    }
    try {
      return Files.readString(p, StandardCharsets.UTF_8).contains("product: windows");
    } catch (IOException e) {
      return false;
    }
  }

  // The detections' consumer, made once per Blackhole rather than once per call (a bound method
  // reference allocates): only the detector's own allocation is then measured.
  private Blackhole sinkFor;
  private java.util.function.Consumer<org.patou.sigma.match.Detection> sink;

  @Benchmark
  public void matchOneEvent(Blackhole bh) {
    if (bh != sinkFor) {
      sinkFor = bh;
      sink = bh::consume;
    }
    Event e = events[next++ & mask];
    detector.match(e, sink);
  }
}
