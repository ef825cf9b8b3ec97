package org.patou.respond;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.patou.decide.Decision;

/** Applies decisions somewhere (a firewall, a script). Called on one thread. */
public interface Enforcer {
  /** Applies new decisions; each expires by itself where the backend supports timeouts. */
  void apply(List<Decision> decisions, Instant now) throws IOException;

  /** Lifts decisions before their time. */
  void remove(List<Decision> decisions) throws IOException;

  /** Rebuilds the backend's whole state from the active decisions (on start). */
  void reconcile(List<Decision> active, Instant now) throws IOException;
}
