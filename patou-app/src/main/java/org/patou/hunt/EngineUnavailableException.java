package org.patou.hunt;

/** A part of patou that this build does not contain yet (for example the EVTX reader). */
public final class EngineUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message) {
    super(message);
  }
}
