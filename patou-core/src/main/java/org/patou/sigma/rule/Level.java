package org.patou.sigma.rule;

import java.util.Locale;

/** Sigma rule levels, in increasing order of severity. */
public enum Level {
  INFORMATIONAL,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Parses a level as written in a rule ({@code high}); null or unknown gives null. */
  public static Level parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
