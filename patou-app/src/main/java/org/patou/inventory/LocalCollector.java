package org.patou.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code patou inventory collect}: what the local Linux machine says about itself, read from files
 * (no root needed for most): {@code /etc/os-release}; installed packages from {@code
 * /var/lib/dpkg/status}, apk's {@code /lib/apk/db/installed}, or {@code rpm -qa} (the only command
 * run); listening TCP sockets (state 0A) and bound UDP sockets from {@code /proc/net/{tcp,tcp6,udp,
 * udp6}}, with the owning process when {@code /proc/<pid>/fd} is readable; local administrators (uid
 * 0 in {@code /etc/passwd}, members of {@code sudo}, {@code wheel}, {@code admin} in {@code
 * /etc/group}); remote-access tools by package, process name and well-known install paths. The doors
 * found are listening, not exposed: only an outside scan, the doors file or observed inbound
 * connections say what the internet reaches.
 */
public final class LocalCollector {
  private final Path root;

  /** Collects from {@code root} (normally {@code /}; a copy of a machine's tree works too). */
  public LocalCollector(Path root) {
    this.root = root;
  }

  public Inventory collect() throws IOException, ParseException {
    Map<String, String> os = osRelease();
    String osId = os.get("ID");
    String osVersion = os.getOrDefault("VERSION_ID", os.get("VERSION_CODENAME"));
    String host = read("proc/sys/kernel/hostname");
    if (host == null) {
      host = read("etc/hostname");
    }
    host = host == null ? "localhost" : host.strip();
    List<Software> sw = packages();
    Map<Long, String> owners = socketOwners();
    List<Door> doors = new ArrayList<>();
    List<String> addrs = new ArrayList<>();
    for (String f : List.of("tcp", "tcp6", "udp", "udp6")) {
      doors.addAll(sockets(f, owners));
    }
    Set<String> names = new LinkedHashSet<>();
    sw.forEach(s -> names.add(s.name()));
    names.addAll(processNames());
    for (String p : List.of("opt/teamviewer", "usr/bin/anydesk", "usr/bin/rustdesk", "opt/screenconnect",
        "opt/connectwisecontrol", "usr/bin/teamviewer")) {
      if (Files.exists(root.resolve(p))) {
        names.add(p);
      }
    }
    Asset a = new Asset(host, addrs, List.of(), osId, osVersion, null, null, Asset.DEFAULT_CRITICALITY, List.of());
    return new Inventory("collect",
        List.of(new Inventory.Host(a, sw, doors, admins(), RemoteAccessTools.detect(names))));
  }

  Map<String, String> osRelease() throws IOException {
    String t = read("etc/os-release");
    if (t == null) {
      t = read("usr/lib/os-release");
    }
    Map<String, String> m = new HashMap<>();
    if (t == null) {
      return m;
    }
    for (String l : t.split("\n")) {
      int eq = l.indexOf('=');
      if (eq > 0 && !l.startsWith("#")) {
        String v = l.substring(eq + 1).strip();
        if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
          v = v.substring(1, v.length() - 1);
        }
        m.put(l.substring(0, eq).strip(), v);
      }
    }
    return m;
  }

  List<Software> packages() throws IOException, ParseException {
    Path dpkg = root.resolve("var/lib/dpkg/status");
    if (Files.isRegularFile(dpkg)) {
      return PackageLists.dpkgStatus(dpkg.toString(), Files.readString(dpkg, StandardCharsets.UTF_8));
    }
    Path apk = root.resolve("lib/apk/db/installed");
    if (Files.isRegularFile(apk)) {
      return PackageLists.apkInstalled(apk.toString(), Files.readString(apk, StandardCharsets.UTF_8));
    }
    if (Files.isDirectory(root.resolve("var/lib/rpm")) && root.toString().equals("/")) {
      ProcessBuilder pb = new ProcessBuilder("rpm", "-qa", "--qf", "%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n");
      pb.redirectErrorStream(false);
      try {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return PackageLists.rpmQa("rpm -qa", out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // rpm not installed: no packages
      }
    }
    return List.of();
  }

  /** Listening sockets of one /proc/net table. */
  List<Door> sockets(String table, Map<Long, String> owners) throws IOException {
    String t = read("proc/net/" + table);
    if (t == null) {
      return List.of();
    }
    boolean tcp = table.startsWith("tcp");
    boolean v6 = table.endsWith("6");
    Map<String, Door> out = new LinkedHashMap<>();
    String[] lines = t.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].strip().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      String state = f[3];
      if (tcp ? !state.equals("0A") : !state.equals("07")) {
        continue;
      }
      int colon = f[1].lastIndexOf(':');
      String addr = hexAddress(f[1].substring(0, colon), v6);
      int port = Integer.parseInt(f[1].substring(colon + 1), 16);
      if (!tcp && !f[2].endsWith(":0000")) {
        continue;
      }
      String owner = owners.get(Long.parseLong(f[9]));
      String proto = tcp ? "tcp" : "udp";
      out.putIfAbsent(addr + " " + port, new Door(addr, port, proto, null, owner, null, false, "collect"));
    }
    return new ArrayList<>(out.values());
  }

  static String hexAddress(String hex, boolean v6) {
    if (!v6) {
      long v = Long.parseLong(hex, 16);
      return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }
    // four 32-bit words, each little-endian
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < 4; w++) {
      String word = hex.substring(w * 8, w * 8 + 8);
      for (int b = 3; b >= 0; b--) {
        sb.append(word, b * 2, b * 2 + 2);
      }
    }
    String full = sb.toString().toLowerCase(Locale.ROOT);
    try {
      byte[] bytes = new byte[16];
      for (int i = 0; i < 16; i++) {
        bytes[i] = (byte) Integer.parseInt(full.substring(i * 2, i * 2 + 2), 16);
      }
      return java.net.InetAddress.getByAddress(bytes).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return full;
    }
  }

  /** Socket inode to process name, for the processes whose fds we may read. */
  Map<Long, String> socketOwners() {
    Map<Long, String> out = new HashMap<>();
    Path proc = root.resolve("proc");
    if (!Files.isDirectory(proc)) {
      return out;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pid : pids) {
        String comm = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
          for (Path fd : fds) {
            String target;
            try {
              target = Files.readSymbolicLink(fd).toString();
            } catch (IOException | UnsupportedOperationException e) {
              continue;
            }
            if (target.startsWith("socket:[")) {
              if (comm == null) {
                String c = read(root.relativize(pid.resolve("comm")).toString());
                comm = c == null ? "?" : c.strip();
              }
              out.putIfAbsent(Long.parseLong(target.substring(8, target.length() - 1)), comm);
            }
          }
        } catch (IOException | SecurityException e) {
          // not ours to read
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  List<String> processNames() {
    List<String> out = new ArrayList<>();
    Path proc = root.resolve("proc");
    if (!Files.isDirectory(proc)) {
      return out;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pid : pids) {
        try {
          out.add(Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
          // gone
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  List<String> admins() throws IOException {
    Set<String> out = new LinkedHashSet<>();
    String passwd = read("etc/passwd");
    if (passwd != null) {
      for (String l : passwd.split("\n")) {
        String[] f = l.split(":");
        if (f.length > 3 && f[2].equals("0")) {
          out.add(f[0]);
        }
      }
    }
    String group = read("etc/group");
    if (group != null) {
      for (String l : group.split("\n")) {
        String[] f = l.split(":", -1);
        if (f.length == 4 && Set.of("sudo", "wheel", "admin").contains(f[0]) && !f[3].isBlank()) {
          for (String m : f[3].split(",")) {
            out.add(m.strip());
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private String read(String rel) {
    Path p = root.resolve(rel);
    try {
      return Files.isReadable(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
