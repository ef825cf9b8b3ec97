package org.patou.sigma.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.expr.Exprs;
import org.patou.sigma.parse.RuleException;
import org.patou.sigma.parse.ValueParser;
import org.patou.sigma.parse.YNode;
import org.patou.sigma.parse.YNode.YList;
import org.patou.sigma.parse.YNode.YMap;
import org.patou.sigma.parse.YNode.YScalar;
import org.patou.sigma.parse.Yaml;
import org.patou.sigma.rule.RuleSource;

/** Reads pipeline YAML (docs/pipelines.md) into {@link Pipeline}s; bad files throw with a line. */
final class PipelineParser {
  private static final ValueParser VALUES = new ValueParser(Map.of());

  private PipelineParser() {}

  static List<Pipeline> parse(RuleSource src) {
    Yaml.Documents docs = Yaml.read(src.name(), src.text());
    if (docs.error() != null) {
      throw new PipelineException(src.name(), docs.error().line(), docs.error().getMessage());
    }
    List<Pipeline> out = new ArrayList<>();
    for (YNode d : docs.docs()) {
      if (d instanceof YScalar s && s.isNull()) {
        continue;
      }
      try {
        out.add(pipeline(src.name(), map(d, "a pipeline")));
      } catch (RuleException e) {
        throw new PipelineException(src.name(), e.line(), e.getMessage());
      }
    }
    return out;
  }

  private static YMap map(YNode n, String what) {
    if (!(n instanceof YMap m)) {
      throw RuleException.invalid(n.line(), what + " must be a mapping");
    }
    return m;
  }

  private static String text(YNode n, String what, boolean required, int line) {
    if (n == null) {
      if (required) {
        throw RuleException.invalid(line, "missing '" + what + "'");
      }
      return null;
    }
    if (!(n instanceof YScalar s) || s.isNull()) {
      throw RuleException.invalid(n.line(), "'" + what + "' must be a string");
    }
    return s.text();
  }

  private static Map<String, String> strings(YNode n, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    map(n, "'" + what + "'").entries().forEach((k, v) -> out.put(k, text(v, what + "." + k, true, n.line())));
    return out;
  }

  private static Pipeline pipeline(String file, YMap d) {
    for (String k : d.entries().keySet()) {
      if (!List.of("name", "description", "fields", "template", "leaf_fallback", "claims", "logsources").contains(k)) {
        throw RuleException.invalid(d.get(k).line(), "unknown pipeline key '" + k + "'");
      }
    }
    String name = text(d.get("name"), "name", true, d.line());
    Map<String, String> fields = strings(d.get("fields"), "fields");
    String template = text(d.get("template"), "template", false, d.line());
    List<String> leaf = new ArrayList<>();
    if (d.get("leaf_fallback") instanceof YList l) {
      for (YNode x : l.items()) {
        leaf.add(text(x, "leaf_fallback", true, l.line()));
      }
    }
    Pipeline.Claims claims = claims(d.get("claims"));
    Pipeline shell = new Pipeline(name, file, fields, template, leaf, List.of(), claims);
    List<Pipeline.LogsourceMapping> mappings = new ArrayList<>();
    YNode ls = d.get("logsources");
    if (!(ls instanceof YList list)) {
      throw RuleException.invalid(ls == null ? d.line() : ls.line(), "'logsources' must be a list");
    }
    for (YNode item : list.items()) {
      mappings.add(mapping(shell, map(item, "a logsources entry")));
    }
    return new Pipeline(name, file, fields, template, List.copyOf(leaf), List.copyOf(mappings), claims);
  }

  /** {@code claims: {fields: [...], products: [...]}}; absent gives {@link Pipeline.Claims#NONE}. */
  private static Pipeline.Claims claims(YNode n) {
    if (n == null) {
      return Pipeline.Claims.NONE;
    }
    YMap m = map(n, "'claims'");
    for (String k : m.entries().keySet()) {
      if (!List.of("fields", "products").contains(k)) {
        throw RuleException.invalid(m.get(k).line(), "unknown key 'claims." + k + "'");
      }
    }
    List<String> fields = new ArrayList<>();
    List<String> products = new ArrayList<>();
    if (!(m.get("fields") instanceof YList fl) || fl.items().isEmpty()) {
      throw RuleException.invalid(m.line(), "'claims.fields' must be a non-empty list");
    }
    for (YNode x : fl.items()) {
      fields.add(text(x, "claims.fields", true, fl.line()));
    }
    if (m.get("products") instanceof YList pl) {
      for (YNode x : pl.items()) {
        products.add(text(x, "claims.products", true, pl.line()).toLowerCase(java.util.Locale.ROOT));
      }
    } else if (m.get("products") != null) {
      throw RuleException.invalid(m.get("products").line(), "'claims.products' must be a list");
    }
    return new Pipeline.Claims(fields, products);
  }

  private static Pipeline.LogsourceMapping mapping(Pipeline shell, YMap m) {
    Map<String, String> logsource = new LinkedHashMap<>();
    strings(m.get("logsource"), "logsource")
        .forEach((k, v) -> logsource.put(k, v.toLowerCase(Locale.ROOT)));
    if (logsource.isEmpty()) {
      throw RuleException.invalid(m.line(), "a mapping needs a non-empty 'logsource'");
    }
    for (String k : logsource.keySet()) {
      if (!List.of("category", "product", "service").contains(k)) {
        throw RuleException.invalid(m.line(), "logsource key must be category, product or service, not '" + k + "'");
      }
    }
    if (!(m.get("sources") instanceof YList sl) || sl.items().isEmpty()) {
      throw RuleException.invalid(m.line(), "a mapping needs a non-empty 'sources' list");
    }
    List<Pipeline.Source> sources = new ArrayList<>();
    for (YNode s : sl.items()) {
      YMap sm = map(s, "a source");
      Map<String, String> renames = strings(sm.get("fields"), "fields");
      String template = text(sm.get("template"), "template", false, sm.line());
      Pipeline.Source bare = new Pipeline.Source(null, Expr.Const.TRUE, renames, template);
      Expr when = Expr.Const.TRUE;
      if (sm.get("when") != null) {
        YMap w = map(sm.get("when"), "'when'");
        List<Expr> xs = new ArrayList<>();
        w.entries().forEach((k, v) -> xs.add(VALUES.parse(k, v, v.line())));
        // Preconditions name rule-style fields; they go through the pipeline's mapping, not the
        // source's renames (which are about the rule's fields on this kind of event).
        Pipeline.Source plain = new Pipeline.Source(null, Expr.Const.TRUE, Map.of(), template);
        when = Exprs.mapFields(Expr.and(xs), f -> shell.eventField(f, plain));
      }
      String label = shell.name() + ":" + logsource + "#" + (sources.size() + 1);
      sources.add(new Pipeline.Source(label, when, bare.fields(), template));
    }
    return new Pipeline.LogsourceMapping(logsource, List.copyOf(sources), m.line());
  }
}
