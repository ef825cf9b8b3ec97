package org.patou.store;

import java.util.List;
import java.util.Map;

/**
 * One alert: a rule's detection, linked to the stored events that made it.
 *
 * @param id the alert's number (0 before it is stored)
 * @param ruleId the Sigma rule's id
 * @param ruleTitle the rule's title
 * @param level the rule's level (informational .. critical)
 * @param timestamp the detection's event time, epoch ms
 * @param created when the server raised it, epoch ms
 * @param eventIds the ids ({@code _id}) of the matched events in the event store
 * @param entities entity fields of the matched events (host.name, user.name, source.ip...) and the
 *     correlation's group-by values
 */
public record Alert(long id, String ruleId, String ruleTitle, String level, long timestamp,
    long created, List<String> eventIds, Map<String, List<String>> entities) {}
