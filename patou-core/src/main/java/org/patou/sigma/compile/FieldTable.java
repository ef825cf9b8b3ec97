package org.patou.sigma.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.patou.event.FieldNames;

/**
 * Numbers the event fields compiled rules read, so a per-event cache can be plain arrays indexed by
 * slot. Built while compiling; read-only afterwards.
 */
public final class FieldTable {
  private final Map<String, Integer> slots = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<String> leafKeys = new ArrayList<>();
  private final List<String> fallbackPrefixes;

  public FieldTable(List<String> fallbackPrefixes) {
    this.fallbackPrefixes = List.copyOf(fallbackPrefixes);
  }

  public int slot(String name) {
    Integer s = slots.get(name);
    if (s != null) {
      return s;
    }
    int n = names.size();
    String canonical = FieldNames.intern(name);
    slots.put(canonical, n);
    names.add(canonical);
    leafKeys.add(leafKey(canonical));
    return n;
  }

  /** The key a missing field is looked up by under the fallback prefixes, or null for none. */
  private String leafKey(String name) {
    for (String p : fallbackPrefixes) {
      if (name.startsWith(p)) {
        return normaliseLeaf(name.substring(name.lastIndexOf('.') + 1));
      }
    }
    return null;
  }

  static String normaliseLeaf(String leaf) {
    if (leaf.indexOf(' ') < 0) {
      return leaf;
    }
    StringBuilder sb = new StringBuilder(leaf.length());
    for (int i = 0; i < leaf.length(); i++) {
      if (leaf.charAt(i) != ' ') {
        sb.append(leaf.charAt(i));
      }
    }
    return sb.toString();
  }

  public int size() {
    return names.size();
  }

  public String name(int slot) {
    return names.get(slot);
  }

  String leafKey(int slot) {
    return leafKeys.get(slot);
  }

  List<String> fallbackPrefixes() {
    return fallbackPrefixes;
  }
}
