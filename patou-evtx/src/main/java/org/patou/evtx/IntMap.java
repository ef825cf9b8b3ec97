package org.patou.evtx;

import java.util.Arrays;

/** A small open-addressing map from non-negative int keys (chunk offsets) to values; no boxing. */
final class IntMap<V> {
  private int[] keys = new int[64];
  private Object[] values = new Object[64];
  private int size;

  IntMap() {
    Arrays.fill(keys, -1);
  }

  @SuppressWarnings("unchecked")
  V get(int key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == -1) {
        return null;
      }
    }
  }

  void put(int key, V value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      if (keys[i] == -1) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  private void grow() {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    Arrays.fill(keys, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != -1) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }

  private static int mix(int key) {
    return key * 0x9E3779B9 >>> 7;
  }
}
