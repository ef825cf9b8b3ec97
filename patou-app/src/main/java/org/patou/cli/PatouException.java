package org.patou.cli;

/** Stops a command with a message for the user and an exit code (see {@link Main}). */
final class PatouException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  PatouException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
