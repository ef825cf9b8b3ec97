package org.patou.decide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns alerts into decisions. The duration is the scenario's for a first offence; a repeat
 * offender (a value that already had decisions) gets the next step of {@code escalation}: by
 * default ×4 per offence, at most 30 days. A decision that would land on the allowlist is not
 * taken: {@link Outcome#refused()} says which entry protected it, and the caller logs it. An
 * alert on a value that already has an active decision (taken by this decider) gives no new one:
 * live, its traffic would already be blocked ({@link #covered()} counts them).
 *
 * <p>Pure: offences seen before come from {@code priorOffences} (the store), and this decider
 * counts the ones it takes itself.
 */
public final class Decider {
  /** How decisions grow for repeat offenders. */
  public record Escalation(double factor, Duration max) {
    public static final Escalation DEFAULT = new Escalation(4, Duration.ofDays(30));

    Duration apply(Duration base, int offence) {
      double ms = base.toMillis() * Math.pow(factor, Math.max(0, offence - 1));
      return Duration.ofMillis((long) Math.min(ms, max.toMillis()));
    }
  }

  /** What became of one alert: a decision, or the allowlist entry that refused it (one is null). */
  public record Outcome(Alert alert, Decision decision, String refused) {}

  private final Allowlist allowlist;
  private final Escalation escalation;
  private final boolean dryRun;
  private final String origin;
  private final Function<String, Integer> priorOffences;
  private final BoundedMap<String, Integer> offences = new BoundedMap<>(1_000_000);
  private final BoundedMap<String, Instant> activeUntil = new BoundedMap<>(1_000_000);
  private long covered;

  /**
   * @param priorOffences decisions already held for "scope:value" (from the store), 0 when none
   */
  public Decider(Allowlist allowlist, Escalation escalation, boolean dryRun, String origin,
      Function<String, Integer> priorOffences) {
    this.allowlist = allowlist;
    this.escalation = escalation;
    this.dryRun = dryRun;
    this.origin = origin;
    this.priorOffences = priorOffences;
  }

  public Decider(Allowlist allowlist) {
    this(allowlist, Escalation.DEFAULT, false, "patou", k -> 0);
  }

  /** Decides on a batch of alerts (in order). Alerts of scenarios that decide nothing give no outcome. */
  public List<Outcome> decide(List<Alert> alerts) {
    List<Outcome> out = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      Outcome o = decide(a);
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }

  /** Alerts that gave no decision because one was already active on the same value. */
  public long covered() {
    return covered;
  }

  /**
   * Decides on one alert; null when its scenario asks for no decision or when a decision of the
   * same type is already active on the value.
   */
  public Outcome decide(Alert a) {
    Scenario.DecisionSpec spec = a.scenario().decision();
    if (spec == null) {
      return null;
    }
    String protectedBy = allowlist.protects(a.scope(), a.value());
    if (protectedBy != null) {
      return new Outcome(a, null, protectedBy);
    }
    String k = a.scope().label() + ":" + a.value();
    Instant until = activeUntil.get(spec.type() + ":" + k);
    if (until != null && a.at().isBefore(until)) {
      covered++;
      return null;
    }
    Integer seen = offences.get(k);
    int offence = (seen != null ? seen : priorOffences.apply(k)) + 1;
    offences.put(k, offence);
    Duration d = escalation.apply(spec.duration(), offence);
    Instant at = a.at();
    Decision decision = new Decision(0, spec.type(), a.scope(), a.value(), a.scenario().name(),
        a.scenario().description(), origin, at, at.plus(d), a.events(), offence, dryRun);
    activeUntil.put(spec.type() + ":" + k, decision.until());
    return new Outcome(a, decision, null);
  }

  /**
   * The scope of a decision asked for by hand (an ip value with a prefix length is a range), after
   * checking type, scope and value together (the CLI and the API ask the same).
   *
   * @param option how the asker spells an option ({@code "--"} on the command line, {@code ""} in
   *     JSON), for the message
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Scope manualScope(String type, Scope scope, String value, String option) {
    if (scope == Scope.IP && value.contains("/")) {
      scope = Scope.RANGE;
    }
    if (scope == Scope.EGRESS && (Scope.egressParts(value) == null || !type.equals("ban"))) {
      throw new IllegalArgumentException("scope egress needs " + option + "type ban and a value SRC->DST (two addresses of one family)");
    }
    if (!type.equals("ban") && !type.equals("throttle")) {
      throw new IllegalArgumentException(option + "type must be ban or throttle");
    }
    return scope;
  }

  /** A decision taken by hand, checked against the allowlist like the others. */
  public Outcome manual(String type, Scope scope, String value, Duration duration, String reason, Instant now) {
    String protectedBy = allowlist.protects(scope, value);
    if (protectedBy != null) {
      return new Outcome(null, null, protectedBy);
    }
    Decision d = new Decision(0, type, scope, value, "manual", reason, origin, now, now.plus(duration), 0, 1, dryRun);
    return new Outcome(null, d, null);
  }
}
