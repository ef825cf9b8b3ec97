/**
 * The decide stage: behaviour scenarios ({@link org.patou.decide.Scenario}, read from YAML by
 * {@link org.patou.decide.ScenarioLoader}) turn events into {@link org.patou.decide.Alert}s in a
 * {@link org.patou.decide.ScenarioEngine}; a {@link org.patou.decide.Decider} turns alerts into
 * {@link org.patou.decide.Decision}s (duration, escalation for repeat offenders) and refuses any
 * that would land on the {@link org.patou.decide.Allowlist}.
 *
 * <p>Enters: events, in time order, with their own time ({@code @timestamp}). Leaves: alerts and
 * decisions. Pure: no I/O, no threads, no clock (time is the events' time, or passed in). Not
 * thread-safe: one engine per thread.
 */
package org.patou.decide;
