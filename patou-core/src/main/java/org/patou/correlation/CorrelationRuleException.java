package org.patou.correlation;

/**
 * A correlation rule that cannot be used: the message names the problem and the key it is under
 * ({@code correlation.timespan: '5x' is not ...}). {@link #file()} and {@link #line()} say where
 * the rule's YAML document starts; the loaded {@code Map} carries no finer positions.
 */
public final class CorrelationRuleException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String problem;

  public CorrelationRuleException(String file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The rule source's name, as handed to {@link CorrelationRule#parse}. */
  public String file() {
    return file;
  }

  /** 1-based line where the rule's YAML document starts, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The problem alone, without file and line. */
  public String problem() {
    return problem;
  }
}
