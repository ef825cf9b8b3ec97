package org.patou.sigma.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.sigma.rule.RuleSource;

/**
 * An immutable set of pipelines: the data that says which events each logsource's rules run on and
 * under which field names. {@link #bundled()} gives the ones shipped in patou-core; users add their
 * own with {@link #parse} and {@link #with}.
 */
public final class Pipelines {
  private static final String DIR = "org/patou/sigma/pipeline/";
  private final List<Pipeline> pipelines;

  private Pipelines(List<Pipeline> pipelines) {
    this.pipelines = List.copyOf(pipelines);
  }

  public static Pipelines none() {
    return new Pipelines(List.of());
  }

  /** The pipelines shipped as resources: Windows EVTX, Winlogbeat, Linux, web servers, Zeek. */
  public static Pipelines bundled() {
    List<RuleSource> files = new ArrayList<>();
    for (String name : (Iterable<String>) resource(DIR + "index.txt").lines()::iterator) {
      String n = name.trim();
      if (!n.isEmpty() && !n.startsWith("#")) {
        files.add(new RuleSource("classpath:" + DIR + n, resource(DIR + n)));
      }
    }
    return parse(files);
  }

  private static String resource(String path) {
    try (InputStream in = Pipelines.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** User pipelines. @throws PipelineException naming the file and line of the first bad one */
  public static Pipelines parse(List<RuleSource> yamlFiles) {
    List<Pipeline> out = new ArrayList<>();
    for (RuleSource f : yamlFiles) {
      out.addAll(PipelineParser.parse(f));
    }
    return new Pipelines(out);
  }

  public Pipelines with(Pipelines more) {
    List<Pipeline> all = new ArrayList<>(pipelines);
    all.addAll(more.pipelines);
    return new Pipelines(all);
  }

  public List<Pipeline> list() {
    return pipelines;
  }

  /** A source a rule runs on: the pipeline and the source within one of its mappings. */
  public record Variant(Pipeline pipeline, Pipeline.Source source) {}

  /**
   * The sources for a rule's logsource: every mapping whose category, product and service equal
   * the rule's (absent equals absent; compared without case). Empty: the rule is unmapped.
   */
  public List<Variant> variantsFor(Map<String, String> logsource) {
    List<Variant> out = new ArrayList<>();
    for (Pipeline p : pipelines) {
      for (Pipeline.LogsourceMapping m : p.logsources()) {
        if (same(m.logsource(), logsource)) {
          for (Pipeline.Source s : m.sources()) {
            out.add(new Variant(p, s));
          }
        }
      }
    }
    return out;
  }

  private static boolean same(Map<String, String> mapping, Map<String, String> rule) {
    for (String k : List.of("category", "product", "service")) {
      String a = mapping.get(k);
      String b = rule.get(k);
      if (a == null ? b != null : b == null || !a.equals(b.toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The precondition of an unmapped rule of {@code product} (null when the rule names none): not on
   * the events a pipeline claims for other products. {@code TRUE} when no pipeline claims events.
   */
  public org.patou.sigma.expr.Expr unmappedWhen(String product) {
    String prod = product == null ? null : product.toLowerCase(Locale.ROOT);
    List<org.patou.sigma.expr.Expr> claimed = new ArrayList<>();
    for (Pipeline p : pipelines) {
      if (prod != null && p.claims().products().contains(prod)) {
        continue;
      }
      for (String f : p.claims().fields()) {
        org.patou.sigma.expr.Expr e = new org.patou.sigma.expr.Expr.Exists(f);
        if (!claimed.contains(e)) {
          claimed.add(e);
        }
      }
    }
    if (claimed.isEmpty()) {
      return org.patou.sigma.expr.Expr.Const.TRUE;
    }
    return new org.patou.sigma.expr.Expr.Not(
        claimed.size() == 1 ? claimed.get(0) : new org.patou.sigma.expr.Expr.Or(claimed));
  }

  /** Every event-name prefix some pipeline looks leaf names up under. */
  public List<String> leafFallbackPrefixes() {
    List<String> out = new ArrayList<>();
    for (Pipeline p : pipelines) {
      for (String s : p.leafFallback()) {
        if (!out.contains(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
