package org.patou.cli.inventory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.patou.inventory.Importers;
import org.patou.inventory.Inventory;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.ParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patou inventory import FILE... [--asset NAME] [--os ID:VERSION] [--internal-scan]
 * [--local-net CIDR]...}. All files are parsed first, then stored in one transaction; any error
 * names file and record and nothing is stored.
 */
@Command(mixinStandardHelpOptions = true,name = "import", description = {
    "Import package lists, SBOMs, nmap XML or a doors file; the format is detected from content.",
    "Formats: /var/lib/dpkg/status, dpkg-query -W, rpm -qa, apk's lib/apk/db/installed,",
    "Windows programs JSON, CycloneDX JSON/XML, SPDX JSON, nmap -oX, Zeek conn.log (observed",
    "inbound connections), '# patou doors' files."})
public final class InventoryImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Option(names = "--asset", paramLabel = "NAME",
      description = "The machine the files describe (required for package lists and SBOMs).")
  String asset;

  @Option(names = "--os", paramLabel = "ID:VERSION",
      description = "OS release when the file does not say, e.g. alpine:3.11 or debian:12.")
  String os;

  @Option(names = "--local-net", paramLabel = "CIDR",
      description = "Inside networks, for Zeek conn logs (default: Zeek's local_* flags, else private space).")
  List<String> localNets = new ArrayList<>();

  @Option(names = "--internal-scan",
      description = "The nmap scan ran from inside: its ports are listening, not exposed.")
  boolean internalScan;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (os != null && !os.matches("[A-Za-z0-9._-]+:[A-Za-z0-9._-]+")) {
      return Cli.fail(spec, "--os must be ID:VERSION, e.g. alpine:3.11");
    }
    List<Inventory> parsed = new ArrayList<>();
    try {
      for (Path f : files) {
        parsed.add(Importers.read(f.toString(), java.nio.file.Files.readAllBytes(f), asset,
            os == null ? null : os.substring(0, os.indexOf(':')), !internalScan, localNets));
      }
    } catch (ParseException e) {
      return Cli.fail(spec, e.getMessage() + " (nothing imported)");
    } catch (IOException e) {
      return Cli.fail(spec, "cannot read " + e.getMessage() + " (nothing imported)");
    }
    try (InventoryStore store = Cli.open(spec)) {
      List<List<String>> touched = store.importAll(parsed, asset, os);
      for (int i = 0; i < parsed.size(); i++) {
        Inventory inv = parsed.get(i);
        List<String> names = touched.get(i);
        int sw = inv.hosts().stream().mapToInt(h -> h.software() == null ? 0 : h.software().size()).sum();
        int doors = inv.hosts().stream().mapToInt(h -> h.doors() == null ? 0 : h.doors().size()).sum();
        out.printf(java.util.Locale.ROOT, "%s: %s, %d packages, %d doors -> %s%n", files.get(i), inv.format(), sw, doors, String.join(", ", names));
      }
      out.printf(java.util.Locale.ROOT, "findings now: %d%n", store.count("vuln_finding"));
      out.flush();
      return 0;
    } catch (ParseException e) {
      return Cli.fail(spec, e.getMessage() + " (nothing imported)");
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }
}
