package org.patou.sigma.compile;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.event.Event;

/**
 * The per-event scratch state of one detector: each field a rule reads is fetched, turned into a
 * string and lower-cased at most once per event, whatever number of rules read it. Slots are reset
 * by bumping a stamp, not by clearing arrays, so starting an event costs nothing. Fields marked by
 * {@link #cacheLowered} (router keys: few distinct values) keep their lowered values across events
 * in a bounded map, so routing allocates nothing. Not thread-safe: one per detector copy.
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

  /** Per slot: a low-cardinality field (a router key: channel, EventID) whose lowering is cached. */
  private final boolean[] cacheLow;
  /** Original to lower-cased value, for {@link #cacheLow} slots; bounded, so never a leak. */
  private final Map<String, String> lowCache = new HashMap<>();
  private static final int LOW_CACHE_MAX = 1024;
  private static final int LOW_CACHE_MAX_LENGTH = 128;

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
    cacheLow = new boolean[n];
    asciiStamp = new int[n];
    ascii = new boolean[n];
  }

  private final int[] asciiStamp;
  private final boolean[] ascii;

  /**
   * A scalar value that is all ASCII and has not been lowered in this event, as it is; else null
   * (then {@link #low} is the way). Lets whole-value tests fold case per char instead of copying.
   */
  public String asciiUnlowered(int slot, int i) {
    Object v = raw(slot);
    if (v instanceof List<?> || lowStamp[slot] == stamp) {
      return null;
    }
    String s = str(slot, 0);
    if (asciiStamp[slot] != stamp) {
      asciiStamp[slot] = stamp;
      boolean a = true;
      for (int k = 0, n = s.length(); k < n && a; k++) {
        a = s.charAt(k) < 128;
      }
      ascii[slot] = a;
    }
    return ascii[slot] ? s : null;
  }

  /**
   * Marks a field whose values come from a small set (a Windows channel): its lower-cased values
   * are kept between events, so lowering one allocates nothing once the value has been seen.
   */
  public void cacheLowered(int slot) {
    cacheLow[slot] = true;
  }

  private String lower(int slot, String s) {
    if (!cacheLow[slot] || s.length() > LOW_CACHE_MAX_LENGTH) {
      return s.toLowerCase(Locale.ROOT);
    }
    String l = lowCache.get(s);
    if (l == null) {
      l = s.toLowerCase(Locale.ROOT);
      if (lowCache.size() < LOW_CACHE_MAX) {
        lowCache.put(s, l);
      }
    }
    return l;
  }

  public void reset(Event e) {
    event = e;
    stamp++;
    if (stamp == Integer.MAX_VALUE) {
      stamp = 1;
      java.util.Arrays.fill(fetched, 0);
      java.util.Arrays.fill(strStamp, 0);
      java.util.Arrays.fill(lowStamp, 0);
      java.util.Arrays.fill(asciiStamp, 0);
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
        low[slot] = lower(slot, str(slot, 0));
      }
      return low[slot];
    }
    if (lowStamp[slot] != stamp) {
      lowStamp[slot] = stamp;
      String[] a = new String[l.size()];
      for (int k = 0; k < a.length; k++) {
        a[k] = lower(slot, str(slot, k));
      }
      lowList[slot] = a;
    }
    return lowList[slot][i];
  }

  /**
   * A field found by its last name segment (spaces removed) under a fallback prefix: the index is
   * built once per event, and only for events where some rule misses a field directly; what each
   * field name contributes is worked out once per name, not once per event.
   */
  private Object leaf(String key) {
    if (leafStamp != stamp) {
      leafStamp = stamp;
      leaves.clear();
      event.forEach(indexLeaf);
    }
    return leaves.get(key);
  }

  /** Per event field name: its leaf key, or {@link #NOT_LEAF}; names repeat, so this is bounded. */
  private final Map<String, Object> leafKeyOf = new HashMap<>();
  private static final Object NOT_LEAF = new Object();
  private static final int LEAF_KEYS_MAX = 4096;
  private final java.util.function.BiConsumer<String, Object> indexLeaf = this::indexLeaf;

  private void indexLeaf(String name, Object value) {
    Object k = leafKeyOf.get(name);
    if (k == null) {
      k = computeLeafKey(name);
      if (leafKeyOf.size() < LEAF_KEYS_MAX) {
        leafKeyOf.put(name, k);
      }
    }
    if (k != NOT_LEAF) {
      leaves.putIfAbsent((String) k, value);
    }
  }

  private Object computeLeafKey(String name) {
    for (String p : fields.fallbackPrefixes()) {
      if (name.startsWith(p)) {
        // Only names a direct lookup cannot find: nested (UserData.Element.Field) or spaced.
        int last = name.lastIndexOf('.');
        if (last >= p.length() || name.indexOf(' ', p.length()) >= 0) {
          return FieldTable.normaliseLeaf(name.substring(last + 1));
        }
        return NOT_LEAF;
      }
    }
    return NOT_LEAF;
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
