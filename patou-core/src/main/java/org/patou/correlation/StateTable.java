package org.patou.correlation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * All live states, bounded. One map per correlation, each in access order, so its eldest entry is
 * the group touched least recently: in an event-time stream that is also the one whose window ends
 * first. That makes both bounds cheap:
 *
 * <ul>
 *   <li>expiry pops each map's eldest states while their newest entry has left the window;
 *   <li>at {@code maxStates}, a new state first evicts the least recently touched state of all
 *       maps (a cap hit: that group's partial window is lost).
 * </ul>
 *
 * Expiry stops at the first eldest state still alive, so a state touched out of order may outlive
 * its window until the cap or a later pass removes it; memory stays bounded by the cap either way.
 */
final class StateTable {
  private final List<LinkedHashMap<Object, GroupState>> maps;
  private final long[] spans;
  private final int maxStates;
  private int live;
  private long clock;
  long evicted;
  long capHits;

  StateTable(long[] spans, int maxStates) {
    this.spans = spans.clone();
    this.maxStates = maxStates;
    this.maps = new ArrayList<>(spans.length);
    for (int i = 0; i < spans.length; i++) {
      maps.add(new LinkedHashMap<>(16, 0.75f, true));
    }
  }

  int live() {
    return live;
  }

  /** The state of {@code key} for correlation {@code rule}, or null; marks it most recent. */
  GroupState get(int rule, Object key) {
    GroupState s = maps.get(rule).get(key);
    if (s != null) {
      s.touched = ++clock;
    }
    return s;
  }

  /** A new state, evicting the least recently touched one first when the table is full. */
  GroupState create(int rule, Object key, int maxEntries) {
    if (live >= maxStates) {
      evictEldest();
    }
    GroupState s = new GroupState(rule, key, new Window(maxEntries));
    s.touched = ++clock;
    maps.get(rule).put(key, s);
    live++;
    return s;
  }

  void remove(GroupState s) {
    if (maps.get(s.rule).remove(s.key) != null) {
      live--;
    }
  }

  /** Removes states whose every entry is older than {@code watermark} minus their timespan. */
  void expire(long watermark) {
    for (int r = 0; r < maps.size(); r++) {
      long min = watermark - spans[r];
      Iterator<GroupState> it = maps.get(r).values().iterator();
      while (it.hasNext()) {
        GroupState s = it.next();
        if (s.window.size() > 0 && s.window.newest() >= min) {
          break;
        }
        it.remove();
        live--;
        evicted++;
      }
    }
  }

  void clear() {
    for (LinkedHashMap<Object, GroupState> m : maps) {
      m.clear();
    }
    live = 0;
  }

  private void evictEldest() {
    Iterator<GroupState> victim = null;
    long oldest = Long.MAX_VALUE;
    for (LinkedHashMap<Object, GroupState> m : maps) {
      Iterator<GroupState> it = m.values().iterator();
      if (it.hasNext()) {
        GroupState s = it.next();
        if (s.touched < oldest) {
          oldest = s.touched;
          victim = it;
        }
      }
    }
    if (victim != null) {
      victim.remove();
      live--;
      capHits++;
    }
  }
}
