package org.patou.decide;

import java.time.Duration;
import java.util.List;

/**
 * One behaviour scenario, as read from YAML (docs/scenarios.md).
 *
 * @param name unique name, the decision's reason
 * @param description one line for people
 * @param kind how events are counted
 * @param filter which events count
 * @param key what events are counted by (and what a decision applies to)
 * @param capacity leaky/distinct: the bucket overflows when it holds more than this; threshold:
 *     the count to reach
 * @param leakSpeed leaky/distinct: one event leaks out per this time
 * @param window threshold: the counted events must fit in this time; sequence: how long after the
 *     earlier scenario's alert
 * @param distinct distinct: the field whose distinct values are counted (others are ignored)
 * @param after sequence: the scenario that must have alerted on the same key before
 * @param blackhole after an alert, no other alert for the same key for this long
 * @param decision the decision to take (null: alert only)
 * @param crowdsec names of CrowdSec scenarios this one stands for (for the hub comparison)
 */
public record Scenario(
    String name,
    String description,
    Kind kind,
    Condition filter,
    Scope key,
    int capacity,
    Duration leakSpeed,
    Duration window,
    String distinct,
    String after,
    Duration blackhole,
    DecisionSpec decision,
    List<String> crowdsec) {

  /** How a scenario counts. */
  public enum Kind {
    /** Every matching event alerts (subject to the blackhole). */
    TRIGGER,
    /** A leaky bucket: +1 per event, -1 per leak period; alerts above capacity. */
    LEAKY,
    /** A leaky bucket fed only by values of {@code distinct} not already in it. */
    DISTINCT,
    /** {@code capacity} events within {@code window}. */
    THRESHOLD,
    /** {@code capacity} distinct values of {@code distinct} within {@code window}. */
    DISTINCT_THRESHOLD,
    /** A matching event within {@code window} after an alert of scenario {@code after}, same key. */
    SEQUENCE
  }

  /** The decision a scenario asks for. */
  public record DecisionSpec(String type, Duration duration) {}
}
