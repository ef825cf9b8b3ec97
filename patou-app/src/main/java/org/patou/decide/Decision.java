package org.patou.decide;

import java.time.Duration;
import java.time.Instant;

/**
 * A decision: block (or throttle) a scope value until a time. Filled by {@link Decider} from an
 * alert, or by hand ({@code patou decisions add}).
 *
 * @param id store id (0 before it is stored)
 * @param type {@code ban} or {@code throttle}
 * @param scope what {@code value} is
 * @param value the address, range (CIDR), user or host
 * @param scenario the scenario that asked for it, or {@code manual}
 * @param reason free text for people
 * @param origin {@code patou} (a scenario), {@code cli} (by hand), {@code simulate}
 * @param created when it was taken (event time for a scenario)
 * @param until when it expires
 * @param events events behind it (0 by hand)
 * @param offence 1 for a first decision on this value, 2 for the next...
 * @param dryRun recorded only, not enforced
 */
public record Decision(
    long id,
    String type,
    Scope scope,
    String value,
    String scenario,
    String reason,
    String origin,
    Instant created,
    Instant until,
    int events,
    int offence,
    boolean dryRun) {

  public Duration duration() {
    return Duration.between(created, until);
  }

  public boolean activeAt(Instant t) {
    return until.isAfter(t);
  }

  public Decision withId(long newId) {
    return new Decision(newId, type, scope, value, scenario, reason, origin, created, until, events, offence, dryRun);
  }

  /** {@code 4h}, {@code 30m}, {@code 2d}, {@code 45s}: the largest whole unit. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0 && s > 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** Parses {@code 10s}, {@code 5m}, {@code 4h}, {@code 7d}, {@code 250ms} or an ISO-8601 duration. */
  public static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      return Duration.parse(t);
    }
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    double n = Double.parseDouble(t.substring(0, i));
    String unit = t.substring(i).trim();
    double ms = switch (unit) {
      case "ms" -> n;
      case "s", "" -> n * 1000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      case "d" -> n * 86_400_000;
      default -> throw new IllegalArgumentException("not a duration: " + text + " (units: ms, s, m, h, d)");
    };
    return Duration.ofMillis((long) ms);
  }
}
