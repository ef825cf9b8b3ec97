package org.patou.sigma.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML 1.2 text (core schema) into {@link YNode}s. Multi-document streams are read document
 * by document, so a syntax error in the third document still returns the first two, with the error.
 */
public final class Yaml {
  private static final int MAX_DEPTH = 64;

  private Yaml() {}

  /** The documents read before any error, and the error (null when the whole text is fine). */
  public record Documents(List<YNode> docs, RuleException error) {}

  public static Documents read(String name, String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(name)
            .setSchema(new CoreSchema())
            .setMaxAliasesForCollections(50)
            .setCodePointLimit(16 * 1024 * 1024)
            .build();
    List<YNode> docs = new ArrayList<>();
    try {
      for (Node n : new Compose(settings).composeAllFromString(text)) {
        docs.add(convert(n, 0));
      }
      return new Documents(docs, null);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
      int line = m.map(x -> x.getLine() + 1).orElse(0);
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      String ctx =
          e.getContext() == null
              ? ""
              : e.getContext()
                  + e.getContextMark().map(x -> " (from line " + (x.getLine() + 1) + ")").orElse("")
                  + ": ";
      return new Documents(docs, RuleException.invalid(line, "bad YAML: " + ctx + problem));
    } catch (YamlEngineException e) {
      return new Documents(docs, RuleException.invalid(0, "bad YAML: " + e.getMessage()));
    } catch (RuleException e) {
      return new Documents(docs, e);
    }
  }

  private static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  private static YNode convert(Node n, int depth) {
    if (depth > MAX_DEPTH) {
      throw RuleException.invalid(line(n), "YAML nested deeper than " + MAX_DEPTH);
    }
    if (n instanceof ScalarNode s) {
      return new YNode.YScalar(s.getValue(), type(s.getTag()), line(n));
    }
    if (n instanceof SequenceNode s) {
      List<YNode> items = new ArrayList<>();
      for (Node c : s.getValue()) {
        items.add(convert(c, depth + 1));
      }
      return new YNode.YList(items, line(n));
    }
    MappingNode m = (MappingNode) n;
    Map<String, YNode> entries = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw RuleException.invalid(line(t.getKeyNode()), "a mapping key must be a plain value");
      }
      String key = k.getValue();
      if (entries.containsKey(key)) {
        throw RuleException.invalid(line(k), "duplicate key '" + key + "'");
      }
      entries.put(key, convert(t.getValueNode(), depth + 1));
    }
    return new YNode.YMap(entries, line(n));
  }

  private static YNode.YScalar.Type type(Tag tag) {
    if (Tag.NULL.equals(tag)) {
      return YNode.YScalar.Type.NULL;
    }
    if (Tag.BOOL.equals(tag)) {
      return YNode.YScalar.Type.BOOL;
    }
    if (Tag.INT.equals(tag)) {
      return YNode.YScalar.Type.INT;
    }
    if (Tag.FLOAT.equals(tag)) {
      return YNode.YScalar.Type.FLOAT;
    }
    return YNode.YScalar.Type.STR;
  }
}
