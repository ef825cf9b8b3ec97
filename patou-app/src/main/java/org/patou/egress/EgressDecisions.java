package org.patou.egress;

import java.time.Duration;
import java.util.List;
import org.patou.decide.Alert;
import org.patou.decide.Decider;
import org.patou.decide.Scenario;
import org.patou.decide.Scope;

/**
 * Turns flagged transfers into decisions of scope egress ({@code HOST->DESTINATION}, type ban)
 * through the common {@link Decider}: the allowlist (a pair is refused when either address is
 * allowlisted), escalation for repeat offenders, dry run, and no second decision while one is
 * active on the same pair all work as for logins. With {@code block: false} there is no decision.
 */
public final class EgressDecisions {
  /** The scenario name egress alerts and decisions carry. */
  public static final String SCENARIO = "egress-new-destination";

  private final Scenario scenario;
  private final Decider decider;

  public EgressDecisions(EgressPolicy policy, Decider decider) {
    this.scenario = scenario(policy.block() ? policy.duration() : null);
    this.decider = decider;
  }

  static Scenario scenario(Duration block) {
    return new Scenario(SCENARIO, "large or unusual transfer to a destination new for the host", Scenario.Kind.TRIGGER,
        null, Scope.EGRESS, 0, null, null, null, null, null,
        block == null ? null : new Scenario.DecisionSpec("ban", block), List.of());
  }

  /** The decision (or the allowlist's refusal) for a transfer; null when the policy does not block or one is active. */
  public Decider.Outcome decide(Transfer t) {
    return decide(t, t.at());
  }

  /** As {@link #decide(Transfer)}, the decision starting at {@code at} (live: now, not the log's time). */
  public Decider.Outcome decide(Transfer t, java.time.Instant at) {
    Alert a = new Alert(scenario, Scope.EGRESS, Scope.egress(t.host(), t.destination()), t.flows(), t.firstSeen(), at);
    return decider.decide(a);
  }

  public Decider decider() {
    return decider;
  }
}
