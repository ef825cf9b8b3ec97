package org.patou.sigma.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with the line it starts on: the parser's view of a document. Converted once from
 * snakeyaml-engine's nodes so rule parsing, collection merging ({@code action: global}) and pipeline
 * parsing all work on plain immutable data that still knows where it came from.
 */
public sealed interface YNode {

  /** 1-based line, 0 when unknown. */
  int line();

  /** Plain Java form: Map, List, String, Long/Double/BigInteger, Boolean or null. */
  Object toJava();

  record YMap(Map<String, YNode> entries, int line) implements YNode {
    public YMap {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public YNode get(String key) {
      return entries.get(key);
    }

    @Override
    public Object toJava() {
      Map<String, Object> m = new LinkedHashMap<>();
      entries.forEach((k, v) -> m.put(k, v.toJava()));
      return m;
    }
  }

  record YList(List<YNode> items, int line) implements YNode {
    public YList {
      items = List.copyOf(items);
    }

    @Override
    public Object toJava() {
      List<Object> l = new ArrayList<>();
      for (YNode n : items) {
        l.add(n.toJava());
      }
      return l;
    }
  }

  /** A scalar: its text exactly as written, and the YAML 1.2 core-schema type it resolved to. */
  record YScalar(String text, Type type, int line) implements YNode {
    public enum Type {
      STR,
      INT,
      FLOAT,
      BOOL,
      NULL
    }

    public boolean isNull() {
      return type == Type.NULL;
    }

    @Override
    public Object toJava() {
      switch (type) {
        case NULL:
          return null;
        case BOOL:
          return Boolean.valueOf(text.equalsIgnoreCase("true"));
        case INT:
          try {
            return Long.valueOf(text);
          } catch (NumberFormatException e) {
            return text;
          }
        case FLOAT:
          try {
            return Double.valueOf(text);
          } catch (NumberFormatException e) {
            return text;
          }
        default:
          return text;
      }
    }
  }
}
