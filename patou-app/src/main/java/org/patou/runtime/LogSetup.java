package org.patou.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * patou's logging, on {@code java.util.logging} (Jetty and Javalin reach it through SLF4J's JUL
 * binding): one line per record on stderr, either text ({@code 2026-11-26T12:00:00.123Z WARNING
 * org.patou.runtime.Pipeline: ...}) or, with {@code PATOU_LOG_FORMAT=ecs}, one JSON object per line
 * in the ECS logging shape ({@code @timestamp}, {@code log.level}, {@code log.logger}, {@code
 * message}, {@code process.thread.name}, {@code error.type}/{@code error.message}/{@code
 * error.stack_trace}), which log shippers read as it is. {@code PATOU_LOG_LEVEL} (default INFO)
 * sets patou's level; the libraries' chatter (Jetty's start-up lines, Lucene's note on the vector
 * module) stays at WARNING and above.
 */
public final class LogSetup {
  private static final JsonFactory JSON = new JsonFactory();
  /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
  private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

  private LogSetup() {}

  /** Configures the root logger from the environment; call once at start. */
  public static void fromEnvironment() {
    String format = System.getenv().getOrDefault("PATOU_LOG_FORMAT", "text");
    Level level;
    try {
      level = Level.parse(System.getenv().getOrDefault("PATOU_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      level = Level.INFO;
    }
    configure("ecs".equalsIgnoreCase(format) || "json".equalsIgnoreCase(format), level);
  }

  static void configure(boolean ecs, Level level) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler h = new ConsoleHandler(); // stderr
    h.setLevel(Level.ALL);
    h.setFormatter(ecs ? new EcsFormatter() : new TextFormatter());
    root.addHandler(h);
    root.setLevel(level);
    quiet("org.eclipse.jetty", Level.WARNING);
    quiet("io.javalin", Level.WARNING);
    quiet("org.apache.lucene.internal.vectorization", Level.SEVERE);
  }

  private static synchronized void quiet(String name, Level level) {
    Logger l = Logger.getLogger(name);
    l.setLevel(level);
    QUIETED.add(l);
  }

  /** One line: instant, level, logger, message; the stack trace below when there is one. */
  static final class TextFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder b = new StringBuilder(128).append(r.getInstant()).append(' ').append(r.getLevel().getName())
          .append(' ').append(r.getLoggerName()).append(": ").append(formatMessage(r)).append(System.lineSeparator());
      if (r.getThrown() != null) {
        b.append(stack(r.getThrown()));
      }
      return b.toString();
    }
  }

  /** ECS logging: one JSON object per line. */
  static final class EcsFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringWriter w = new StringWriter(256);
      try (JsonGenerator g = JSON.createGenerator(w)) {
        g.writeStartObject();
        g.writeStringField("@timestamp", Instant.ofEpochMilli(r.getMillis()).toString());
        g.writeStringField("log.level", r.getLevel().getName());
        g.writeStringField("log.logger", r.getLoggerName());
        g.writeStringField("message", formatMessage(r));
        g.writeStringField("process.thread.name", Thread.currentThread().getName());
        g.writeStringField("service.name", "patou");
        g.writeStringField("ecs.version", "1.6.0");
        if (r.getThrown() != null) {
          g.writeStringField("error.type", r.getThrown().getClass().getName());
          g.writeStringField("error.message", String.valueOf(r.getThrown().getMessage()));
          g.writeStringField("error.stack_trace", stack(r.getThrown()));
        }
        g.writeEndObject();
      } catch (IOException e) {
        return "{\"message\":\"log record could not be written\"}" + System.lineSeparator();
      }
      return w + System.lineSeparator();
    }
  }

  static String stack(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
