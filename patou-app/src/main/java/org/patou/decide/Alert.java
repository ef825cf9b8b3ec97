package org.patou.decide;

import java.time.Instant;

/**
 * A scenario overflowed: filled by {@link ScenarioEngine}.
 *
 * @param scenario the scenario's name
 * @param scope what {@code value} is
 * @param value the key the scenario counted by
 * @param events events poured into the bucket up to the overflow
 * @param first time of the first of those events
 * @param at time of the overflowing event
 */
public record Alert(Scenario scenario, Scope scope, String value, int events, Instant first, Instant at) {}
