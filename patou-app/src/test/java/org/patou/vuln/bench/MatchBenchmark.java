package org.patou.vuln.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.patou.inventory.Software;
import org.patou.vuln.FeedData;
import org.patou.vuln.FeedFiles;
import org.patou.vuln.Finding;
import org.patou.vuln.Matcher;

/**
 * Matching 10,000 installed packages against 200,000 OSV advisories, generated with a fixed seed.
 * Not a unit test: run {@code patou-bench/scripts/inventory/bench-match.sh} (or this main class with
 * the test classpath). Arguments: {@code [seed] [packages] [advisories] [rounds]}.
 *
 * <p>The data: 25,000 package names spread over npm, PyPI, Maven, Debian 12 and Alpine 3.11
 * (versions in each ecosystem's own syntax: {@code 1:2.3.4-1~deb12u1}, {@code 2.3.4-r1}, {@code
 * 2.3.4rc1}, {@code 2.3.4-beta.1}); each advisory has one to three ranges {@code introduced}..
 * {@code fixed} (10% {@code last_affected}, 10% open-ended), aliases a CVE. The 10,000 installed
 * packages draw from the same names, so about a third of the names (and of the advisories) concern an installed package. The
 * OSV JSON is parsed through the importer ({@link FeedFiles}); parse and match are timed apart.
 * Target: match under 2 s.
 */
public final class MatchBenchmark {
  private MatchBenchmark() {}

  static final String[] ECOSYSTEMS = {"npm", "PyPI", "Maven", "Debian:12", "Alpine:v3.11"};
  static final String[] NAMESPACES = {"npm", "pypi", "maven", "debian:12", "alpine:3.11"};

  public static void main(String[] args) throws Exception {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261126L;
    int packages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int advisories = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    System.out.printf(Locale.ROOT, "seed %d, %d packages, %d advisories, %d rounds, %s %s%n", seed, packages,
        advisories, rounds, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    Random rnd = new Random(seed);
    int names = 25_000;
    long t0 = System.nanoTime();
    byte[] osv = generateOsv(rnd, advisories, names);
    long t1 = System.nanoTime();
    FeedData feed = FeedFiles.readForBenchmark("bench-osv.json", osv);
    long t2 = System.nanoTime();
    List<Software> installed = generateInstalled(rnd, packages, names);
    System.out.printf(Locale.ROOT, "generate %.2f s (%d MB of OSV JSON), parse+import %.2f s (%d advisories)%n",
        (t1 - t0) / 1e9, osv.length >> 20, (t2 - t1) / 1e9, feed.advisories().size());
    double best = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      Matcher m = new Matcher(feed.advisories());
      List<Finding> f = m.match("bench", installed);
      double secs = (System.nanoTime() - s) / 1e9;
      best = Math.min(best, secs);
      System.out.printf(Locale.ROOT, "round %d: index+match %.3f s, %d findings, %d unparsable%n", r + 1, secs,
          f.size(), m.unparsable());
    }
    System.out.printf(Locale.ROOT, "RESULT match %d packages x %d advisories: best %.3f s (target < 2 s)%n",
        packages, advisories, best);
  }

  static String version(Random r, int eco, int major, int minor, int patch) {
    return switch (eco) {
      case 0 -> major + "." + minor + "." + patch + (r.nextInt(10) == 0 ? "-beta." + r.nextInt(5) : "");
      case 1 -> major + "." + minor + "." + patch + (r.nextInt(10) == 0 ? "rc" + (1 + r.nextInt(3)) : "");
      case 2 -> major + "." + minor + "." + patch + (r.nextInt(10) == 0 ? "-M" + (1 + r.nextInt(3)) : "");
      case 3 -> (r.nextInt(20) == 0 ? "1:" : "") + major + "." + minor + "." + patch + "-" + (1 + r.nextInt(3))
          + (r.nextInt(4) == 0 ? "~deb12u" + (1 + r.nextInt(3)) : "");
      default -> major + "." + minor + "." + patch + (r.nextInt(8) == 0 ? "_p" + (1 + r.nextInt(3)) : "")
          + "-r" + r.nextInt(5);
    };
  }

  static String name(int eco, int i) {
    return switch (eco) {
      case 2 -> "org.example.g" + (i % 97) + ":artifact-" + i;
      default -> "pkg-" + i;
    };
  }

  static byte[] generateOsv(Random r, int count, int names) {
    StringBuilder sb = new StringBuilder(count * 330);
    sb.append('[');
    for (int i = 0; i < count; i++) {
      int n = r.nextInt(names);
      int eco = n % ECOSYSTEMS.length;
      if (i > 0) {
        sb.append(",\n");
      }
      sb.append("{\"id\":\"BENCH-").append(i).append("\",\"modified\":\"2025-01-01T00:00:00Z\",\"aliases\":[\"CVE-20")
          .append(10 + r.nextInt(15)).append('-').append(10000 + i).append("\"],\"affected\":[{\"package\":{\"ecosystem\":\"")
          .append(ECOSYSTEMS[eco]).append("\",\"name\":\"").append(name(eco, n)).append("\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[");
      int ranges = 1 + r.nextInt(3);
      int major = r.nextInt(4);
      for (int k = 0; k < ranges; k++) {
        if (k > 0) {
          sb.append(',');
        }
        int minor = k * 3 + r.nextInt(3);
        String intro = k == 0 && r.nextBoolean() ? "0" : version(r, eco, major, minor, 0);
        sb.append("{\"introduced\":\"").append(intro).append("\"}");
        int kind = r.nextInt(10);
        if (k == ranges - 1 && kind == 0) {
          continue; // open-ended: no fix yet
        }
        String end = version(r, eco, major, minor + r.nextInt(2), 1 + r.nextInt(20));
        sb.append(",{\"").append(kind == 1 ? "last_affected" : "fixed").append("\":\"").append(end).append("\"}");
        if (kind == 0) {
          break;
        }
      }
      sb.append("]}]}]}");
    }
    sb.append(']');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<Software> generateInstalled(Random r, int count, int names) {
    List<Software> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = r.nextInt(names);
      int eco = n % ECOSYSTEMS.length;
      out.add(new Software(name(eco, n), version(r, eco, r.nextInt(4), r.nextInt(10), r.nextInt(25)), NAMESPACES[eco], null, null));
    }
    return out;
  }
}
