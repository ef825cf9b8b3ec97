package org.patou.sigma;

import java.util.List;
import java.util.Locale;
import org.patou.event.Event;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;

/**
 * A quick single-thread throughput sanity check (not a benchmark: patou-bench has the JMH one):
 * every SigmaHQ rule with the bundled pipelines, over the regression events, repeated. Run:
 *
 * <pre>
 * ./mvnw -o -q -pl patou-core test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp patou-core/target/test-classes:patou-core/target/classes:$(cat patou-core/target/cp.txt) \
 *     org.patou.sigma.ThroughputMain [all]
 * </pre>
 */
public final class ThroughputMain {
  private ThroughputMain() {}

  public static void main(String[] args) throws Exception {
    boolean windowsOnly = args.length == 0 || !args[0].equals("all");
    SigmaLoader loader = new SigmaLoader(Pipelines.bundled(), java.util.Map.of());
    for (var f : Corpus.ruleFiles()) {
      if ((!windowsOnly || f.name().contains("windows")) && !f.name().contains(System.getProperty("exclude", "\u0000"))) {
        loader.add(f);
      }
    }
    Detector d = loader.compile(DetectorOptions.defaults());
    List<Event> events = Corpus.regressionCases().stream().flatMap(c -> c.events().stream()).toList();
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "rules=%d events=%d heap used after compile=%d MiB%n",
        d.ruleCount(), events.size(), (rt.totalMemory() - rt.freeMemory()) >> 20);
    long[] sink = {0};
    // CPU time of this thread, not wall time: the figure is per core even on a busy machine.
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 10; round++) {
      int n = 0;
      long c0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      while (mx.getCurrentThreadCpuTime() - c0 < 2_000_000_000L) {
        for (Event e : events) {
          d.match(e, x -> sink[0]++);
        }
        n += events.size();
      }
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      double wall = (System.nanoTime() - w0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d: %.0f events/s per CPU-second (%.0f per wall second; %.2f detections/event)%n",
          round, n / cpu, n / wall, sink[0] / (double) n);
      sink[0] = 0;
    }
    System.out.println(d.stats());
  }
}
