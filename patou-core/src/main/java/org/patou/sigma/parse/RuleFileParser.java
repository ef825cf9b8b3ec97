package org.patou.sigma.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.sigma.expr.Expr;
import org.patou.sigma.parse.YNode.YList;
import org.patou.sigma.parse.YNode.YMap;
import org.patou.sigma.parse.YNode.YScalar;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;
import org.patou.sigma.rule.RuleProblem;
import org.patou.sigma.rule.RuleSource;

/**
 * Reads a rule file: splits it into documents, applies Sigma 1 collection actions ({@code action:
 * global / reset / repeat}), and parses each resulting document. Never throws for bad input: each
 * document gives either a {@link ParsedDoc} or a {@link RuleProblem}.
 */
public final class RuleFileParser {
  private final ValueParser values;

  public RuleFileParser(ValueParser values) {
    this.values = values;
  }

  /** A document's outcome: exactly one of {@code doc} and {@code problem} is set. */
  public record Outcome(ParsedDoc doc, RuleProblem problem) {}

  public List<Outcome> parse(RuleSource src) {
    return parse(src, Yaml.read(src.name(), src.text()));
  }

  /**
   * As {@link #parse(RuleSource)}, from the file's YAML documents already read: {@code docs} must
   * be what {@link Yaml#read} gives for {@code src} (the app keeps them in a cache between runs).
   */
  public List<Outcome> parse(RuleSource src, Yaml.Documents docs) {
    List<Outcome> out = new ArrayList<>();
    YMap global = null;
    YMap previous = null;
    for (YNode n : docs.docs()) {
      if (n instanceof YScalar s && s.isNull()) {
        continue; // empty document (a trailing ---)
      }
      if (!(n instanceof YMap doc)) {
        out.add(problem(src, null, RuleException.invalid(n.line(), "a rule document must be a mapping")));
        continue;
      }
      String action = text(doc.get("action"));
      if ("global".equals(action)) {
        global = without(doc, "action");
        continue;
      }
      if ("reset".equals(action)) {
        global = null;
        continue;
      }
      YMap merged;
      if ("repeat".equals(action)) {
        if (previous == null) {
          out.add(problem(src, null, RuleException.invalid(doc.line(), "'action: repeat' without a previous rule")));
          continue;
        }
        merged = merge(previous, without(doc, "action"));
      } else if (action != null) {
        out.add(problem(src, null, RuleException.invalid(doc.line(), "unknown action '" + action + "'")));
        continue;
      } else {
        merged = global == null ? doc : merge(global, doc);
      }
      previous = merged;
      try {
        out.add(new Outcome(document(src, merged), null));
      } catch (RuleException e) {
        out.add(problem(src, text(merged.get("id")), e));
      }
    }
    if (docs.error() != null) {
      out.add(problem(src, null, docs.error()));
    }
    return out;
  }

  private static Outcome problem(RuleSource src, String id, RuleException e) {
    return new Outcome(null, new RuleProblem(e.kind(), id, src.name(), e.line(), e.getMessage()));
  }

  private static YMap without(YMap m, String key) {
    Map<String, YNode> e = new LinkedHashMap<>(m.entries());
    e.remove(key);
    return new YMap(e, m.line());
  }

  /** Deep merge: maps merge key by key, anything else in {@code over} replaces. */
  static YMap merge(YMap base, YMap over) {
    Map<String, YNode> e = new LinkedHashMap<>(base.entries());
    over.entries().forEach(
        (k, v) -> {
          YNode b = e.get(k);
          e.put(k, b instanceof YMap bm && v instanceof YMap vm ? merge(bm, vm) : v);
        });
    return new YMap(e, over.line());
  }

  static String text(YNode n) {
    return n instanceof YScalar s && !s.isNull() ? s.text() : null;
  }

  private ParsedDoc document(RuleSource src, YMap doc) {
    boolean correlation = doc.get("correlation") != null;
    RuleInfo info = info(src, doc, correlation);
    if (correlation) {
      @SuppressWarnings("unchecked")
      Map<String, Object> java = (Map<String, Object>) doc.toJava();
      return new ParsedDoc.Correlation(info, java, doc.line());
    }
    if (doc.get("filter") != null && doc.get("detection") == null) {
      return filter(info, doc);
    }
    YNode det = doc.get("detection");
    if (det == null) {
      throw RuleException.invalid(doc.line(), "missing 'detection'");
    }
    if (!(det instanceof YMap dm)) {
      throw RuleException.invalid(det.line(), "'detection' must be a mapping");
    }
    if (info.title() == null) {
      throw RuleException.invalid(doc.line(), "missing 'title'");
    }
    return new ParsedDoc.Rule(info, detection(dm), doc.line());
  }

  private ParsedDoc filter(RuleInfo info, YMap doc) {
    if (!(doc.get("filter") instanceof YMap f)) {
      throw RuleException.invalid(doc.get("filter").line(), "'filter' must be a mapping");
    }
    List<String> rules = new ArrayList<>();
    YNode r = f.get("rules");
    if (r instanceof YList l) {
      for (YNode x : l.items()) {
        String t = text(x);
        if (t != null) {
          rules.add(t);
        }
      }
    } else if (text(r) != null) {
      rules.add(text(r));
    } else {
      throw RuleException.invalid(f.line(), "a filter needs 'rules'");
    }
    Map<String, YNode> rest = new LinkedHashMap<>(f.entries());
    rest.remove("rules");
    return new ParsedDoc.Filter(info, rules, detection(new YMap(rest, f.line())), doc.line());
  }

  /** Search identifiers plus the condition, identifiers inlined into it. */
  public Expr detection(YMap det) {
    Map<String, Expr> idents = new LinkedHashMap<>();
    YNode cond = null;
    for (Map.Entry<String, YNode> e : det.entries().entrySet()) {
      String name = e.getKey();
      if (name.equals("condition")) {
        cond = e.getValue();
      } else if (name.equals("timeframe")) {
        continue; // only meaningful with a Sigma 1 aggregation, refused by the condition parser
      } else {
        idents.put(name, searchIdentifier(e.getValue()));
      }
    }
    if (cond == null) {
      throw RuleException.invalid(det.line(), "missing 'condition' in detection");
    }
    if (cond instanceof YList l) {
      List<Expr> xs = new ArrayList<>();
      for (YNode c : l.items()) {
        xs.add(condition(c, idents));
      }
      if (xs.isEmpty()) {
        throw RuleException.invalid(cond.line(), "empty condition list");
      }
      return Expr.or(xs);
    }
    return condition(cond, idents);
  }

  private static Expr condition(YNode c, Map<String, Expr> idents) {
    String t = text(c);
    if (t == null) {
      throw RuleException.invalid(c.line(), "'condition' must be a string");
    }
    return ConditionParser.parse(t, idents, c.line());
  }

  private Expr searchIdentifier(YNode n) {
    if (n instanceof YMap m) {
      if (m.entries().isEmpty()) {
        throw RuleException.invalid(m.line(), "empty search identifier");
      }
      List<Expr> xs = new ArrayList<>();
      m.entries().forEach((k, v) -> xs.add(values.parse(k, v, v.line() == 0 ? m.line() : v.line())));
      return Expr.and(xs);
    }
    if (n instanceof YList l) {
      if (l.items().isEmpty()) {
        throw RuleException.invalid(l.line(), "empty search identifier");
      }
      List<Expr> xs = new ArrayList<>();
      List<YNode> keywords = new ArrayList<>();
      for (YNode item : l.items()) {
        if (item instanceof YScalar) {
          keywords.add(item);
        } else {
          xs.add(searchIdentifier(item));
        }
      }
      if (!keywords.isEmpty()) {
        xs.add(values.parse("", new YList(keywords, l.line()), l.line()));
      }
      return Expr.or(xs);
    }
    return values.parse("", n, n.line());
  }

  private static RuleInfo info(RuleSource src, YMap doc, boolean correlation) {
    Map<String, String> logsource = new LinkedHashMap<>();
    if (doc.get("logsource") instanceof YMap ls) {
      ls.entries().forEach(
          (k, v) -> {
            String t = text(v);
            if (t != null) {
              logsource.put(k, t);
            }
          });
    }
    List<String> tags = new ArrayList<>();
    if (doc.get("tags") instanceof YList tl) {
      for (YNode t : tl.items()) {
        if (text(t) != null) {
          tags.add(text(t));
        }
      }
    }
    String level = text(doc.get("level"));
    return new RuleInfo(
        text(doc.get("id")),
        text(doc.get("name")),
        text(doc.get("title")),
        level == null ? null : Level.parse(level.toLowerCase(Locale.ROOT)),
        text(doc.get("status")),
        List.copyOf(tags),
        java.util.Collections.unmodifiableMap(logsource),
        src.name(),
        correlation);
  }
}
