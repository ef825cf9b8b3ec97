package org.patou.cli.inventory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.ParseException;
import org.patou.vuln.FeedData;
import org.patou.vuln.FeedFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou feeds import FILE...}: atomic. Every file is parsed in memory first, then all are
 * written in one transaction; any error leaves every previous feed as it was.
 */
@Command(mixinStandardHelpOptions = true,name = "import", description = {
    "Import feed files (format detected from content): Alpine secdb (YAML/JSON), CISA KEV (CSV/JSON),",
    "EPSS CSV (.gz ok), OSV JSON or zip dump, Debian security tracker JSON, NVD CVE JSON 2.0.",
    "Atomic: on any error nothing changes."})
public final class FeedsImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<FeedData> feeds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (Path f : files) {
        feeds.add(FeedFiles.read(f));
        names.add(f.toString());
      }
    } catch (ParseException e) {
      return Cli.fail(spec, e.getMessage() + " (nothing imported; previous feeds kept)");
    } catch (IOException e) {
      return Cli.fail(spec, "cannot read " + e.getMessage() + " (nothing imported; previous feeds kept)");
    }
    try (InventoryStore store = Cli.open(spec)) {
      store.importFeeds(feeds, names);
      for (int i = 0; i < feeds.size(); i++) {
        FeedData f = feeds.get(i);
        out.printf(java.util.Locale.ROOT, "%s: %s (%s), %d records%n", names.get(i), f.key(), f.kind(), f.size());
      }
      out.printf(java.util.Locale.ROOT, "findings now: %d%n", store.count("vuln_finding"));
      out.flush();
      return 0;
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage() + " (nothing imported; previous feeds kept)");
    }
  }
}
