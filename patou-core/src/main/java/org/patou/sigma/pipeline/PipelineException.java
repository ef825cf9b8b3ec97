package org.patou.sigma.pipeline;

/** A pipeline file that cannot be used: which file, which line, what is wrong. */
public final class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;

  public PipelineException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }
}
