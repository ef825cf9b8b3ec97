package org.patou.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the per-pair counters of an accounting set from {@code nft -j list set inet patou acct4}
 * (JSON: {@code {"elem": {"val": {"concat": [SRC, DST]}, "counter": {"packets": N, "bytes": N}}}}).
 */
public final class NftCounters {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Packets and bytes counted for traffic from {@code source} to {@code destination} since the element was added. */
  public record Counter(String source, String destination, long packets, long bytes) {}

  private NftCounters() {}

  public static List<Counter> parse(String json) throws IOException {
    List<Counter> out = new ArrayList<>();
    JsonNode root = JSON.readTree(json);
    for (JsonNode item : root.path("nftables")) {
      for (JsonNode e : item.path("set").path("elem")) {
        JsonNode el = e.path("elem");
        JsonNode concat = el.path("val").path("concat");
        JsonNode counter = el.path("counter");
        if (concat.size() != 2 || !counter.isObject()) {
          continue;
        }
        out.add(new Counter(concat.get(0).asText(), concat.get(1).asText(), counter.path("packets").asLong(),
            counter.path("bytes").asLong()));
      }
    }
    return out;
  }
}
