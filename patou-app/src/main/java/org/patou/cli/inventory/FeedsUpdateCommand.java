package org.patou.cli.inventory;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.patou.inventory.Asset;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.ParseException;
import org.patou.vuln.FeedData;
import org.patou.vuln.FeedFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patou feeds update [--dry-run]}: downloads the feeds where the network allows, into
 * {@code <data>/feeds/}, then imports them exactly as {@code feeds import} does (atomically). Never
 * required: every feed can be fetched elsewhere and imported from files. The URLs are listed in
 * docs/inventory.md and by {@code --dry-run}; Alpine secdb URLs follow the Alpine releases of the
 * inventory.
 */
@Command(mixinStandardHelpOptions = true,name = "update", description = "Download feeds (where the network allows) and import them atomically.")
public final class FeedsUpdateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dry-run", description = "Print the URLs, download nothing.")
  boolean dryRun;

  public static final String KEV_URL =
      "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";
  public static final String EPSS_URL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";
  public static final String DEBIAN_URL = "https://security-tracker.debian.org/tracker/data/json";
  public static final String ALPINE_URL = "https://secdb.alpinelinux.org/v%s/%s.json";

  /** The URLs to fetch for this inventory: file name to URL. */
  static Map<String, String> urls(InventoryStore store) throws SQLException {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("kev.json", KEV_URL);
    m.put("epss.csv.gz", EPSS_URL);
    boolean debian = false;
    for (Asset a : store.assets()) {
      if ("alpine".equals(a.osId()) && a.osVersion() != null) {
        String[] v = a.osVersion().replaceFirst("^v", "").split("\\.");
        if (v.length >= 2) {
          for (String repo : List.of("main", "community")) {
            m.put("alpine-v" + v[0] + "." + v[1] + "-" + repo + ".json", String.format(java.util.Locale.ROOT, ALPINE_URL, v[0] + "." + v[1], repo));
          }
        }
      }
      debian |= "debian".equals(a.osId());
    }
    if (debian) {
      m.put("debian-tracker.json", DEBIAN_URL);
    }
    return m;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = DataDirOption.resolve(spec).resolve("feeds");
    try (InventoryStore store = Cli.open(spec)) {
      Map<String, String> urls = urls(store);
      if (dryRun) {
        urls.forEach((f, u) -> out.printf(java.util.Locale.ROOT, "%s <- %s%n", f, u));
        out.flush();
        return 0;
      }
      Files.createDirectories(dir);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      List<FeedData> feeds = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Map.Entry<String, String> e : urls.entrySet()) {
        Path tmp = dir.resolve(e.getKey() + ".part");
        try {
          HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(e.getValue()))
              .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofFile(tmp));
          if (r.statusCode() != 200) {
            return Cli.fail(spec, e.getValue() + ": HTTP " + r.statusCode() + " (nothing imported; previous feeds kept)");
          }
        } catch (IOException ex) {
          return Cli.fail(spec, e.getValue() + ": " + ex + " (no network? import files with patou feeds import; previous feeds kept)");
        }
        Path dest = dir.resolve(e.getKey());
        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
        feeds.add(FeedFiles.read(dest));
        names.add(dest.toString());
        out.printf(java.util.Locale.ROOT, "downloaded %s%n", e.getValue());
      }
      store.importFeeds(feeds, names);
      out.printf(java.util.Locale.ROOT, "imported %d feeds; findings now: %d%n", feeds.size(), store.count("vuln_finding"));
      out.flush();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.fail(spec, "interrupted");
    } catch (ParseException | IOException | SQLException e) {
      return Cli.fail(spec, e.getMessage() + " (previous feeds kept)");
    }
  }
}
