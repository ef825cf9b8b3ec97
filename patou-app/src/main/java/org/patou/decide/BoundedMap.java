package org.patou.decide;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most {@code max} entries; the least recently used one goes when a new one comes,
 * and {@link #evictions()} counts how many went. Keeps memory bounded under a flood of distinct
 * keys (millions of source addresses).
 */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
  private static final long serialVersionUID = 1L;
  private final int max;
  private long evictions;

  public BoundedMap(int max) {
    super(Math.min(max, 1 << 16), 0.75f, true);
    this.max = max;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    if (size() > max) {
      evictions++;
      return true;
    }
    return false;
  }

  public long evictions() {
    return evictions;
  }
}
