package org.patou.respond;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.patou.decide.Decision;

/**
 * Runs one command per decision, through {@code /bin/sh -c}. The decision is in the environment
 * ({@code PATOU_ACTION} add or delete, {@code PATOU_TYPE}, {@code PATOU_SCOPE}, {@code
 * PATOU_VALUE}, {@code PATOU_SCENARIO}, {@code PATOU_DURATION} in seconds, {@code PATOU_UNTIL}),
 * never pasted into the command line, so a hostile value cannot inject shell. A failing hook is
 * reported, not retried.
 */
public final class HookEnforcer implements Enforcer {
  private final String command;
  private final List<String> failures = new ArrayList<>();

  public HookEnforcer(String command) {
    this.command = command;
  }

  /** Messages of hooks that failed so far. */
  public List<String> failures() {
    return failures;
  }

  @Override
  public void apply(List<Decision> decisions, Instant now) throws IOException {
    for (Decision d : decisions) {
      if (!d.dryRun()) {
        call("add", d, now);
      }
    }
  }

  @Override
  public void remove(List<Decision> decisions) throws IOException {
    for (Decision d : decisions) {
      call("delete", d, Instant.EPOCH);
    }
  }

  @Override
  public void reconcile(List<Decision> active, Instant now) throws IOException {
    apply(active, now);
  }

  private void call(String action, Decision d, Instant now) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PATOU_ACTION", action);
    env.put("PATOU_TYPE", d.type());
    env.put("PATOU_SCOPE", d.scope().label());
    env.put("PATOU_VALUE", d.value());
    env.put("PATOU_SCENARIO", d.scenario());
    long left = action.equals("delete") ? 0 : Math.max(0, d.until().getEpochSecond() - now.getEpochSecond());
    env.put("PATOU_DURATION", Long.toString(left));
    env.put("PATOU_UNTIL", d.until().toString());
    Commands.Result r = Commands.run(List.of("/bin/sh", "-c", command), null, env, 30);
    if (r.exit() != 0) {
      failures.add("hook exited " + r.exit() + " for " + d.value() + ": " + r.output().strip());
    }
  }
}
