package org.patou.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.respond.Commands;

/**
 * Network namespaces made by a test ({@code ip netns add}, veth pairs, addresses) and the
 * processes it starts in them, all removed by {@link #close()}. The firewall tests use it: every
 * address they touch lives inside namespaces they created. {@link #assumeUsable} skips, saying
 * why, where the test cannot run (not root, nft/ip/python3 missing, namespaces refused).
 */
public final class Netns implements AutoCloseable {
  private final List<String> created = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  /** Skips the calling test unless it runs as root with nft, ip and python3 installed. */
  public static void assumeUsable() {
    assumeTrue("root".equals(System.getProperty("user.name")), "skipped: not root (nftables and netns need it)");
    assumeTrue(exists("nft") && exists("ip"), "skipped: nft or ip missing (apt-get install nftables iproute2)");
    assumeTrue(exists("python3"), "skipped: python3 missing (the tests' TCP listeners and clients)");
  }

  private static boolean exists(String cmd) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, cmd))) {
        return true;
      }
    }
    return false;
  }

  public static Commands.Result sh(String... cmd) throws IOException {
    return Commands.run(List.of(cmd), null, Map.of(), 30);
  }

  /** Runs a command that must succeed. */
  public static void must(String... cmd) throws IOException {
    Commands.Result r = sh(cmd);
    if (r.exit() != 0) {
      throw new IOException(String.join(" ", cmd) + " -> " + r.exit() + ": " + r.output());
    }
  }

  /**
   * Creates the namespaces, their loopback up; the first creation is a probe: when it fails the
   * test is skipped with the reason.
   */
  public void add(String... names) throws IOException {
    for (String ns : names) {
      if (created.isEmpty()) {
        Commands.Result probe = sh("ip", "netns", "add", ns);
        assumeTrue(probe.exit() == 0, "skipped: cannot create a network namespace: " + probe.output());
      } else {
        must("ip", "netns", "add", ns);
      }
      created.add(ns);
      must("ip", "-n", ns, "link", "set", "lo", "up");
    }
  }

  /** A veth pair from {@code nsA}/{@code devA} to {@code nsB}/{@code devB}, both ends up. */
  public static void veth(String nsA, String devA, String nsB, String devB) throws IOException {
    must("ip", "-n", nsA, "link", "add", devA, "type", "veth", "peer", "name", devB, "netns", nsB);
    must("ip", "-n", nsA, "link", "set", devA, "up");
    must("ip", "-n", nsB, "link", "set", devB, "up");
  }

  /** Addresses on a device (IPv6 without duplicate address detection, usable at once). */
  public static void addr(String ns, String dev, String... cidrs) throws IOException {
    for (String c : cidrs) {
      if (c.contains(":")) {
        must("ip", "-n", ns, "addr", "add", c, "dev", dev, "nodad");
      } else {
        must("ip", "-n", ns, "addr", "add", c, "dev", dev);
      }
    }
  }

  /** Starts {@code python3 -c script args…} in {@code ns}; stopped by {@link #close()}. */
  public Process python(String ns, String script, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "python3", "-c", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    return p;
  }

  @Override
  public void close() throws IOException {
    for (Process p : processes) {
      p.destroyForcibly();
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : created) {
      sh("ip", "netns", "del", ns);
    }
  }
}
