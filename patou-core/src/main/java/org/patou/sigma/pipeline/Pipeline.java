package org.patou.sigma.pipeline;

import java.util.List;
import java.util.Map;
import org.patou.sigma.expr.Expr;

/**
 * One pipeline file, read: how the rules of some logsources find their events. See
 * docs/pipelines.md for the YAML it comes from.
 *
 * @param name the pipeline's name
 * @param file where it came from
 * @param fields rule field name to event field name, for every source of this pipeline
 * @param template event field for a rule field not in {@code fields}: {@code {field}} is replaced
 *     by the rule's name; null keeps the rule's name
 * @param leafFallback event name prefixes under which a missing field is also looked up by its last
 *     name segment with spaces removed (EVTX UserData elements, Defender's {@code Threat Name})
 * @param logsources the logsource mappings
 * @param claims which events belong to this pipeline's world, so that rules of other products
 *     whose logsource no pipeline maps are kept off them; {@link Claims#NONE} when unset
 */
public record Pipeline(
    String name,
    String file,
    Map<String, String> fields,
    String template,
    List<String> leafFallback,
    List<LogsourceMapping> logsources,
    Claims claims) {

  /**
   * An event carrying any of {@code fields} is this pipeline's (a Windows event has
   * {@code Event.System.Channel}). An unmapped rule runs on such an event only when its product is
   * one of {@code products}: a Cisco keyword rule has no business on a Windows event.
   */
  public record Claims(List<String> fields, List<String> products) {
    public static final Claims NONE = new Claims(List.of(), List.of());

    public Claims {
      fields = List.copyOf(fields);
      products = List.copyOf(products);
    }
  }

  /** Rules whose logsource has exactly these category/product/service values use these sources. */
  public record LogsourceMapping(Map<String, String> logsource, List<Source> sources, int line) {}

  /**
   * One kind of event a logsource is read from.
   *
   * @param when the precondition, in event field names
   * @param fields renames applied to rule field names before the pipeline's own mapping
   * @param template overrides the pipeline's template for this source, or null
   */
  public record Source(String label, Expr when, Map<String, String> fields, String template) {}

  /** The event field a rule field is read from, for events of {@code source}. */
  public String eventField(String ruleField, Source source) {
    String f = source.fields().getOrDefault(ruleField, ruleField);
    String mapped = fields.get(f);
    if (mapped != null) {
      return mapped;
    }
    String t = source.template() != null ? source.template() : template;
    return t == null ? f : t.replace("{field}", f);
  }
}
