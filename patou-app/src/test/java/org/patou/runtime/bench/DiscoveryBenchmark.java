package org.patou.runtime.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.inventory.InventoryStore;
import org.patou.inventory.LocalNets;
import org.patou.runtime.InventoryDiscovery;
import org.patou.runtime.InventoryDiscoveryTest;

/**
 * What live discovery costs the pipeline thread: the real Stratosphere conn events (ECS), repeated
 * ROUNDS times an hour apart in event time (so every round's facts are due for a refresh), go
 * through {@link InventoryDiscovery} with a commit every 1,000 events; the database writes run on its
 * writer thread, as in the server, and the time on the pipeline thread is what is measured. The peer, measured in the same run on the same
 * events: parsing their JSON with {@link JsonEventReader}, which the pipeline does for each of them
 * anyway. Prints events/s of both and the ratio.
 */
public final class DiscoveryBenchmark {
  private DiscoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    List<ObjectNode> base = InventoryDiscoveryTest.realConnEvents();
    JsonEventReader reader = new JsonEventReader();
    List<String> json = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (ObjectNode o : base) {
        long ts = Instant.parse(o.get("@timestamp").asText()).toEpochMilli() + r * 3_600_000L;
        ObjectNode c = o.deepCopy();
        c.put("@timestamp", Instant.ofEpochMilli(ts).toString());
        json.add(c.toString());
        times.add(ts);
      }
    }
    System.out.printf(Locale.ROOT, "discovery bench: %d events (%d real conn events x %d rounds), %s%n", json.size(),
        base.size(), rounds, Runtime.version());
    for (int trial = 1; trial <= 3; trial++) {
      long t0 = System.nanoTime();
      List<Event> events = new ArrayList<>(json.size());
      for (String j : json) {
        events.add(reader.parse(j));
      }
      long parseNs = System.nanoTime() - t0;
      Path dir = Files.createTempDirectory("patou-discovery-bench");
      InventoryDiscovery d = new InventoryDiscovery(dir, LocalNets.PRIVATE, 60_000);
      long t1 = System.nanoTime();
      for (int i = 0; i < events.size(); i++) {
        d.event("e", events.get(i), times.get(i), times.get(i), "http");
        if (i % 1000 == 999) {
          d.committed();
        }
      }
      d.committed();
      long discNs = System.nanoTime() - t1;
      long t2 = System.nanoTime();
      d.flush();
      long tailNs = System.nanoTime() - t2;
      int assets;
      int doors;
      try (InventoryStore s = new InventoryStore(dir)) {
        assets = s.count("inv_asset");
        doors = s.count("inv_door");
      }
      double parseRate = events.size() / (parseNs / 1e9);
      double discRate = events.size() / (discNs / 1e9);
      System.out.printf(Locale.ROOT,
          "trial %d: discovery %,.0f events/s on the pipeline thread (%.2f s; then %.0f ms for the last write; %d sightings"
              + " written, %d assets, %d doors); JSON parse of the same events %,.0f events/s; discovery/parse time %.2f%n",
          trial, discRate, discNs / 1e9, tailNs / 1e6, d.written(), assets, doors, parseRate, (double) discNs / parseNs);
    }
  }
}
