package org.patou.decide;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One decision as one JSON line, and as one text line. */
public final class DecisionJson {
  private static final JsonFactory JSON = new JsonFactory();

  private DecisionJson() {}

  public static String json(Decision d) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      if (d.id() > 0) {
        g.writeNumberField("id", d.id());
      }
      g.writeStringField("type", d.type());
      g.writeStringField("scope", d.scope().label());
      g.writeStringField("value", d.value());
      g.writeStringField("scenario", d.scenario());
      g.writeStringField("duration", Decision.format(d.duration()));
      g.writeNumberField("events", d.events());
      g.writeStringField("at", d.created().toString());
      g.writeStringField("until", d.until().toString());
      g.writeNumberField("offence", d.offence());
      g.writeStringField("origin", d.origin());
      if (d.dryRun()) {
        g.writeBooleanField("dry_run", true);
      }
      if (d.reason() != null && !d.reason().isEmpty()) {
        g.writeStringField("reason", d.reason());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  public static String text(Decision d) {
    return String.format(java.util.Locale.ROOT, "%s %-8s %-5s %-39s %-28s %6s events=%d until=%s%s",
        d.created(), d.type(), d.scope().label(), d.value(), d.scenario(), Decision.format(d.duration()),
        d.events(), d.until(), d.dryRun() ? " (dry run)" : "");
  }
}
