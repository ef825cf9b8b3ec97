package org.patou.sigma.rule;

import java.util.List;
import java.util.Map;

/**
 * What a detection says about the rule that fired: the rule's metadata, not its logic.
 *
 * @param id the rule's {@code id} (a UUID in SigmaHQ), or null when the rule has none
 * @param name the rule's {@code name} (used by correlation rules to refer to it), or null
 * @param title the rule's title
 * @param level the rule's level, or null when unset
 * @param status the rule's status ({@code stable}, {@code test}, ...), or null
 * @param tags the rule's tags ({@code attack.t1059.001}, ...)
 * @param logsource the rule's logsource as written ({@code product}, {@code category}, {@code service})
 * @param file the name of the {@link RuleSource} it came from
 * @param correlation true for a correlation rule
 */
public record RuleInfo(
    String id,
    String name,
    String title,
    Level level,
    String status,
    List<String> tags,
    Map<String, String> logsource,
    String file,
    boolean correlation) {}
