package org.patou.cli.inventory;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.patou.inventory.Asset;
import org.patou.inventory.Door;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.Software;
import org.patou.vuln.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patou inventory show NAME}: everything known of one asset. */
@Command(mixinStandardHelpOptions = true,name = "show", description = "Show one asset: attributes, doors, notes, findings, software.")
public final class InventoryShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (InventoryStore store = Cli.open(spec)) {
      Asset a = store.asset(name);
      if (a == null) {
        return Cli.fail(spec, "no asset named " + name + " (see: patou inventory list)");
      }
      out.printf(java.util.Locale.ROOT, "asset:       %s%n", a.name());
      out.printf(java.util.Locale.ROOT, "addresses:   %s%n", a.addresses().isEmpty() ? "-" : String.join(", ", a.addresses()));
      out.printf(java.util.Locale.ROOT, "macs:        %s%n", a.macs().isEmpty() ? "-" : String.join(", ", a.macs()));
      out.printf(java.util.Locale.ROOT, "os:          %s %s%n", Cli.orDash(a.osId()), Cli.orDash(a.osVersion()));
      out.printf(java.util.Locale.ROOT, "owner:       %s%n", Cli.orDash(a.owner()));
      out.printf(java.util.Locale.ROOT, "role:        %s%n", Cli.orDash(a.role()));
      out.printf(java.util.Locale.ROOT, "criticality: %d/5%n", a.criticality());
      out.printf(java.util.Locale.ROOT, "tags:        %s%n", a.tags().isEmpty() ? "-" : String.join(", ", a.tags()));
      for (InventoryStore.Seen seen : store.seen(name)) {
        out.printf(java.util.Locale.ROOT, "seen:        %s  %s  first %s, last %s%n", seen.source(),
            Cli.orDash(seen.detail()), seen.firstSeen(), seen.lastSeen());
      }
      for (Map.Entry<String, List<String>> n : store.notes(name).entrySet()) {
        out.printf(java.util.Locale.ROOT, "%-12s %s%n", n.getKey() + ":", String.join(", ", n.getValue()));
      }
      List<Door> doors = store.doors(name);
      out.printf(java.util.Locale.ROOT, "doors (%d):%n", doors.size());
      for (Door d : doors) {
        String why = d.evidence() == null ? "" : ": " + d.evidence();
        String when = d.lastSeen() == null ? "" : "; seen " + d.firstSeen() + " .. " + d.lastSeen();
        out.printf(java.util.Locale.ROOT, "  %-10s %-8s %-16s %s %s%s  [%s%s%s]%n", d.label(), d.exposed() ? "EXPOSED" : "listen",
            Cli.orDash(d.service()), Cli.orDash(d.product()), d.version() == null ? "" : d.version(),
            d.address() == null ? "" : " on " + d.address(), d.source(), why, when);
      }
      List<Finding> findings = store.findings(name);
      out.printf(java.util.Locale.ROOT, "findings (%d):%n", findings.size());
      for (Finding f : findings) {
        out.printf(java.util.Locale.ROOT, "  %-28s %-22s %-18s fixed in %s%n", f.pkg(), f.installed(), f.vulnerability(), Cli.orDash(f.fixed()));
      }
      List<Software> sw = store.software(name);
      out.printf(java.util.Locale.ROOT, "software (%d):%n", sw.size());
      for (Software s : sw) {
        out.printf(java.util.Locale.ROOT, "  %-40s %-28s %s%n", s.name(), s.version(), s.namespace());
      }
      out.flush();
      return 0;
    } catch (SQLException e) {
      return Cli.fail(spec, "store: " + e.getMessage());
    }
  }
}
