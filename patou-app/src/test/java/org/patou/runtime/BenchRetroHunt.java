package org.patou.runtime;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.event.JsonEventReader;
import org.patou.sigma.match.RulePlan;
import org.patou.store.EventStore;

/**
 * Retro-hunt speed: a store of N events (Winlogbeat-style Windows events: process creations,
 * network connections, logons, with varied command lines, plus SigmaHQ's regression records spread
 * through them), then one-rule hunts translated to an index prefilter against the same hunts
 * scanning every event, and the whole rule set in one scan. Prints each figure and the ratio.
 *
 * <p>Args: RULES_DIR REGRESSION_DIR [EVENTS] [RULES_HUNTED]. Run by
 * {@code patou-bench/scripts/server/bench-retro-hunt.sh}. Fixed seed.
 */
public final class BenchRetroHunt {
  private BenchRetroHunt() {}

  private static final String[] TOOLS = {"C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\System32\\svchost.exe",
      "C:\\Program Files\\Mozilla Firefox\\firefox.exe", "C:\\Windows\\explorer.exe",
      "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "C:\\Windows\\System32\\conhost.exe",
      "C:\\Users\\alice\\AppData\\Local\\Programs\\code\\Code.exe", "C:\\Windows\\System32\\taskhostw.exe"};
  private static final String[] ARGS = {"/c dir", "-k netsvcs -p", "--type=renderer --lang=en-GB", "",
      "-NoProfile -Command Get-ChildItem", "0xffffffff -ForceV1", "--ms-enable-electron-run-as-node", "/s /q"};

  public static void main(String[] a) throws Exception {
    Path rulesDir = Path.of(a[0]);
    Path regression = Path.of(a[1]);
    int n = a.length > 2 ? Integer.parseInt(a[2]) : 200_000;
    int hunted = a.length > 3 ? Integer.parseInt(a[3]) : 40;
    Path dir = Files.createTempDirectory("patou-bench-hunt");
    try {
      run(rulesDir, regression, n, hunted, dir);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void run(Path rulesDir, Path regression, int n, int hunted, Path dir) throws Exception {
    LiveRules rules = new LiveRules(rulesDir);
    System.out.println("rules: " + rules.reload().message());
    List<Event> samples = new ArrayList<>();
    JsonEventReader json = new JsonEventReader();
    try (Stream<Path> s = Files.walk(regression)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          json.readAll(in, samples::add);
        }
      }
    }
    long t0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    SplittableRandom rnd = new SplittableRandom(42);
    long started = System.nanoTime();
    try (EventStore store = new EventStore(dir.resolve("events"))) {
      int every = Math.max(1, n / Math.max(1, samples.size()));
      int s = 0;
      for (int i = 0; i < n; i++) {
        long ts = t0 + i * 10L;
        Event e = i % every == 0 && s < samples.size() ? samples.get(s++) : synthetic(rnd, i);
        store.add(Integer.toString(i + 1), t0, ts, false, e);
      }
      store.commit();
      System.out.printf(Locale.ROOT, "store: %d events in %.1f s%n", n, (System.nanoTime() - started) / 1e9);

      // The whole set twice: the first pays for JIT warm-up and the OS cache; the second is reported.
      RetroHunt.runAll(rules, store, null, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1_000_000);
      long b0 = System.nanoTime();
      RetroHunt.Result all = RetroHunt.runAll(rules, store, null, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1_000_000);
      double allMs = (System.nanoTime() - b0) / 1e6;
      java.util.Map<String, Integer> firing = new java.util.TreeMap<>();
      all.findings().forEach(f -> firing.merge(f.ruleId(), 1, Integer::sum));
      // Rules hunted (fixed): half evenly spread over the loaded set (most find nothing here), half
      // spread over the rules that fire on these events (their hunts read and match their events).
      List<String> all0 = new ArrayList<>();
      for (RulePlan p : rules.current().detector().plans()) {
        if (p.emit() && p.info().id() != null) {
          all0.add(p.info().id());
        }
      }
      List<String> ids = new ArrayList<>();
      pick(all0, hunted - hunted / 2, ids);
      pick(new ArrayList<>(firing.keySet()), hunted / 2, ids);
      // Warm up (JIT, automata cache is per expression: a first hunt pays for it, measured below).
      RetroHunt.run(rules, store, ids.get(0), null, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1_000_000);
      double[] fast = new double[ids.size()];
      long read = 0;
      int translated = 0;
      int differ = 0;
      for (int i = 0; i < ids.size(); i++) {
        long b = System.nanoTime();
        RetroHunt.Result r = RetroHunt.run(rules, store, ids.get(i), null, Long.MIN_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, 1_000_000);
        fast[i] = (System.nanoTime() - b) / 1e6;
        read += r.scanned();
        differ += r.findings().size() == firing.getOrDefault(ids.get(i), 0) ? 0 : 1;
        translated += r.translated() ? 1 : 0;
      }
      int full = Math.min(3, ids.size());
      double[] slow = new double[full];
      for (int i = 0; i < full; i++) {
        long b = System.nanoTime();
        RetroHunt.run(rules, store, ids.get(i), null, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1_000_000, false);
        slow[i] = (System.nanoTime() - b) / 1e6;
      }
      double fastMean = Arrays.stream(fast).average().orElse(0);
      double[] sorted = fast.clone();
      Arrays.sort(sorted);
      double slowMean = Arrays.stream(slow).average().orElse(0);
      System.out.printf(Locale.ROOT, "one rule, translated: %d rules (%d narrowed), mean %.0f ms, median %.0f ms, max %.0f ms, "
          + "%.1f events read per hunt of %d, %d with other findings than the full scan%n", ids.size(), translated,
          fastMean, sorted[sorted.length / 2], sorted[sorted.length - 1], (double) read / ids.size(), n, differ);
      System.out.printf(Locale.ROOT, "one rule, full scan: mean %.0f ms (%d rules)%n", slowMean, full);
      System.out.printf(Locale.ROOT, "speed-up (full scan mean / translated mean): %.1fx; median: %.1fx%n",
          slowMean / fastMean, slowMean / sorted[sorted.length / 2]);
      System.out.printf(Locale.ROOT, "whole rule set, one scan: %.0f ms, %d findings, %.0f events/s%n", allMs,
          all.findings().size(), n / (allMs / 1000));
    }
  }

  private static void pick(List<String> from, int k, List<String> into) {
    int step = Math.max(1, from.size() / Math.max(1, k));
    for (int i = 0, got = 0; i < from.size() && got < k; i += step) {
      if (!into.contains(from.get(i))) {
        into.add(from.get(i));
        got++;
      }
    }
  }

  private static Event synthetic(SplittableRandom rnd, int i) {
    EventBuilder b = new EventBuilder();
    int kind = rnd.nextInt(10);
    b.add("host.name", "ws-" + rnd.nextInt(50));
    b.add("winlog.computer_name", "ws-" + rnd.nextInt(50) + ".corp.example");
    if (kind < 6) {
      String image = TOOLS[rnd.nextInt(TOOLS.length)];
      b.add("winlog.channel", "Microsoft-Windows-Sysmon/Operational").add("winlog.event_id", 1L);
      b.add("winlog.event_data.Image", image);
      b.add("winlog.event_data.ParentImage", TOOLS[rnd.nextInt(TOOLS.length)]);
      b.add("winlog.event_data.CommandLine", "\"" + image + "\" " + ARGS[rnd.nextInt(ARGS.length)] + " " + i);
      b.add("winlog.event_data.User", "CORP\\user" + rnd.nextInt(200));
      b.add("winlog.event_data.IntegrityLevel", rnd.nextBoolean() ? "Medium" : "High");
      b.add("winlog.event_data.Hashes", "SHA256=" + Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong()));
    } else if (kind < 8) {
      b.add("winlog.channel", "Microsoft-Windows-Sysmon/Operational").add("winlog.event_id", 3L);
      b.add("winlog.event_data.Image", TOOLS[rnd.nextInt(TOOLS.length)]);
      b.add("winlog.event_data.DestinationIp", "10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256));
      b.add("winlog.event_data.DestinationPort", (long) (rnd.nextBoolean() ? 443 : 1024 + rnd.nextInt(60000)));
      b.add("winlog.event_data.Initiated", "true");
    } else {
      b.add("winlog.channel", "Security").add("winlog.event_id", rnd.nextBoolean() ? 4624L : 4625L);
      b.add("winlog.event_data.TargetUserName", "user" + rnd.nextInt(200));
      b.add("winlog.event_data.LogonType", (long) (rnd.nextBoolean() ? 3 : 10));
      b.add("winlog.event_data.IpAddress", "10.1." + rnd.nextInt(256) + "." + rnd.nextInt(256));
    }
    return b.build();
  }
}
