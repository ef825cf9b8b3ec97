package org.patou.egress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.patou.decide.BoundedMap;
import org.patou.respond.NftCounters;

/**
 * Turns successive readings of the nftables accounting counters into flows: the bytes a pair
 * sent since the previous reading, at the time of this one. A counter lower than before (its
 * element expired and came back) counts from zero. Remembers at most {@code max} pairs (least
 * recently read go first; a forgotten pair's next reading counts in full).
 */
public final class CounterFlows {
  private final BoundedMap<String, Long> last;

  public CounterFlows(int max) {
    this.last = new BoundedMap<>(max);
  }

  public List<Flow> read(List<NftCounters.Counter> counters, Instant now) {
    List<Flow> out = new ArrayList<>();
    for (NftCounters.Counter c : counters) {
      Long prev = last.put(c.source() + "->" + c.destination(), c.bytes());
      long delta = prev == null || c.bytes() < prev ? c.bytes() : c.bytes() - prev;
      if (delta > 0) {
        out.add(new Flow(now, c.source(), c.destination(), delta, -1, ""));
      }
    }
    return out;
  }
}
