package org.patou.event;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical instances of field names, so that events and compiled rules share one {@code String}
 * per name and lookups mostly succeed on identity. Bounded: past {@link #MAX} distinct names (a
 * hostile producer inventing names) new names are returned as given, never stored.
 */
public final class FieldNames {
  static final int MAX = 1 << 16;
  private static final ConcurrentHashMap<String, String> NAMES = new ConcurrentHashMap<>(1024);

  private FieldNames() {}

  public static String intern(String name) {
    String canonical = NAMES.get(name);
    if (canonical != null) {
      return canonical;
    }
    if (NAMES.size() >= MAX) {
      return name;
    }
    canonical = NAMES.putIfAbsent(name, name);
    return canonical == null ? name : canonical;
  }
}
