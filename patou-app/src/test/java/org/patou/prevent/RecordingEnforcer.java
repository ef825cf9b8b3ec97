package org.patou.prevent;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.patou.decide.Decision;
import org.patou.respond.Enforcer;

/** Remembers what it was asked to do. */
final class RecordingEnforcer implements Enforcer {
  final List<Decision> applied = new CopyOnWriteArrayList<>();
  final List<Decision> removed = new CopyOnWriteArrayList<>();
  final List<List<Decision>> reconciled = new CopyOnWriteArrayList<>();
  /** The pipeline's last committed sequence number at each apply (when {@link #committed} is set). */
  final List<Long> committedAtApply = new CopyOnWriteArrayList<>();
  volatile java.util.function.LongSupplier committed;

  @Override
  public void apply(List<Decision> decisions, Instant now) {
    if (committed != null) {
      committedAtApply.add(committed.getAsLong());
    }
    applied.addAll(decisions);
  }

  @Override
  public void remove(List<Decision> decisions) {
    removed.addAll(decisions);
  }

  @Override
  public void reconcile(List<Decision> active, Instant now) {
    reconciled.add(List.copyOf(active));
  }
}
