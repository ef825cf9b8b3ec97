package org.patou.inventory;

/** Malformed input: names the file and the record (line number or record index) at fault. */
public final class ParseException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String record;

  public ParseException(String file, String record, String message) {
    super(file + ": " + record + ": " + message);
    this.file = file;
    this.record = record;
  }

  public ParseException(String file, String record, String message, Throwable cause) {
    super(file + ": " + record + ": " + message, cause);
    this.file = file;
    this.record = record;
  }

  public String file() {
    return file;
  }

  public String record() {
    return record;
  }
}
