package org.patou.sigma.compile;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.event.Event;

/**
 * The per-event scratch state of one detector: each field a rule reads is fetched, turned into a
 * string and lower-cased at most once per event, whatever number of rules read it. Slots are reset
 * by bumping a stamp, not by clearing arrays, so starting an event costs nothing. Not thread-safe:
 * one per detector copy.
 */
public final class EventContext {
  private final FieldTable fields;
  private Event event;
  private int stamp;

  private final int[] fetched;
  private final Object[] raw;
  private final int[] strStamp;
  private final String[] str;
  private final String[][] strList;
  private final int[] lowStamp;
  private final String[] low;
  private final String[][] lowList;

  private int leafStamp = -1;
  private final Map<String, Object> leaves = new HashMap<>();
  private int keywordStamp = -1;
  private String[] keywordStr = new String[64];
  private String[] keywordLow = new String[64];
  private int keywordCount;
  private final int[] keywordLowDone = new int[1];

  public EventContext(FieldTable fields) {
    this.fields = fields;
    int n = fields.size();
    fetched = new int[n];
    raw = new Object[n];
    strStamp = new int[n];
    str = new String[n];
    strList = new String[n][];
    lowStamp = new int[n];
    low = new String[n];
    lowList = new String[n][];
  }

  public void reset(Event e) {
    event = e;
    stamp++;
    if (stamp == Integer.MAX_VALUE) {
      stamp = 1;
      java.util.Arrays.fill(fetched, 0);
      java.util.Arrays.fill(strStamp, 0);
      java.util.Arrays.fill(lowStamp, 0);
      leafStamp = -1;
      keywordStamp = -1;
    }
  }

  public Event event() {
    return event;
  }

  /** The value of a slot's field, or null when absent. */
  public Object raw(int slot) {
    if (fetched[slot] != stamp) {
      fetched[slot] = stamp;
      Object v = event.get(fields.name(slot));
      if (v == null && fields.leafKey(slot) != null) {
        v = leaf(fields.leafKey(slot));
      }
      raw[slot] = v;
    }
    return raw[slot];
  }

  /** Number of values: 0 absent, 1 scalar, n for a list. */
  public int count(int slot) {
    Object v = raw(slot);
    return v == null ? 0 : v instanceof List<?> l ? l.size() : 1;
  }

  public Object rawAt(int slot, int i) {
    Object v = raw(slot);
    return v instanceof List<?> l ? l.get(i) : v;
  }

  public String str(int slot, int i) {
    Object v = raw(slot);
    if (!(v instanceof List<?> l)) {
      if (strStamp[slot] != stamp) {
        strStamp[slot] = stamp;
        str[slot] = Values.str(v);
      }
      return str[slot];
    }
    if (strStamp[slot] != stamp) {
      strStamp[slot] = stamp;
      String[] a = new String[l.size()];
      for (int k = 0; k < a.length; k++) {
        a[k] = Values.str(l.get(k));
      }
      strList[slot] = a;
    }
    return strList[slot][i];
  }

  public String low(int slot, int i) {
    Object v = raw(slot);
    if (!(v instanceof List<?> l)) {
      if (lowStamp[slot] != stamp) {
        lowStamp[slot] = stamp;
        low[slot] = str(slot, 0).toLowerCase(Locale.ROOT);
      }
      return low[slot];
    }
    if (lowStamp[slot] != stamp) {
      lowStamp[slot] = stamp;
      String[] a = new String[l.size()];
      for (int k = 0; k < a.length; k++) {
        a[k] = str(slot, k).toLowerCase(Locale.ROOT);
      }
      lowList[slot] = a;
    }
    return lowList[slot][i];
  }

  /**
   * A field found by its last name segment (spaces removed) under a fallback prefix: the index is
   * built once per event, and only for events where some rule misses a field directly.
   */
  private Object leaf(String key) {
    if (leafStamp != stamp) {
      leafStamp = stamp;
      leaves.clear();
      List<String> prefixes = fields.fallbackPrefixes();
      event.forEach(
          (name, value) -> {
            for (String p : prefixes) {
              if (name.startsWith(p)) {
                String leaf = FieldTable.normaliseLeaf(name.substring(name.lastIndexOf('.') + 1));
                leaves.putIfAbsent(leaf, value);
                break;
              }
            }
          });
    }
    return leaves.get(key);
  }

  /** Every scalar value of the event as a string (list elements one by one): keyword searches. */
  public int keywordCount() {
    if (keywordStamp != stamp) {
      keywordStamp = stamp;
      keywordCount = 0;
      keywordLowDone[0] = -1;
      event.forEach(
          (name, value) -> {
            if (value instanceof List<?> l) {
              for (Object o : l) {
                addKeyword(Values.str(o));
              }
            } else {
              addKeyword(Values.str(value));
            }
          });
    }
    return keywordCount;
  }

  private void addKeyword(String s) {
    if (keywordCount == keywordStr.length) {
      keywordStr = java.util.Arrays.copyOf(keywordStr, keywordCount * 2);
      keywordLow = java.util.Arrays.copyOf(keywordLow, keywordCount * 2);
    }
    keywordStr[keywordCount++] = s;
  }

  public String keywordStr(int i) {
    return keywordStr[i];
  }

  public String keywordLow(int i) {
    if (keywordLowDone[0] != stamp) {
      keywordLowDone[0] = stamp;
      for (int k = 0; k < keywordCount; k++) {
        keywordLow[k] = keywordStr[k].toLowerCase(Locale.ROOT);
      }
    }
    return keywordLow[i];
  }
}
