package org.patou.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

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
  private LogSetup() {}

  /** As {@link #deferred}, and starts java.util.logging now (for mains that log from the start). */
  public static void fromEnvironment() {
    deferred();
    java.util.logging.LogManager.getLogManager();
  }

  /**
   * Configures logging from the environment when something first logs, through the JDK's own hook
   * ({@code java.util.logging.config.class}, read once when the LogManager starts): most commands
   * (a dump, a hunt, a rule check) never log, and starting java.util.logging costs 20-30 ms (it
   * searches every jar on the class path for a logger finder). Call before anything logs; a
   * configuration given with {@code -Djava.util.logging.config.class} or {@code .config.file} wins.
   */
  public static void deferred() {
    if (System.getProperty("java.util.logging.config.class") == null
        && System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.config.class", Init.class.getName());
    }
  }

  /**
   * Instantiated by the LogManager while it starts (see {@link #deferred}). It may only hand the
   * manager properties: loggers asked for during that start are not the manager's yet.
   */
  public static final class Init {
    public Init() throws IOException {
      java.util.logging.LogManager.getLogManager().readConfiguration(
          new java.io.ByteArrayInputStream(properties(levelFromEnvironment()).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The handler {@link Init} names: stderr, in the format {@code PATOU_LOG_FORMAT} asks for. */
  public static final class StderrHandler extends ConsoleHandler {
    public StderrHandler() {
      setLevel(Level.ALL);
      setFormatter(ecsFromEnvironment() ? new EcsFormatter() : new TextFormatter());
    }
  }

  /** The LogManager properties {@link Init} hands over. */
  static String properties(Level level) {
    StringBuilder b = new StringBuilder()
        .append("handlers=").append(StderrHandler.class.getName()).append('\n')
        .append(".level=").append(level.getName()).append('\n');
    for (String[] q : QUIET) {
      b.append(q[0]).append(".level=").append(q[1]).append('\n');
    }
    return b.toString();
  }

  private static boolean ecsFromEnvironment() {
    String format = System.getenv().getOrDefault("PATOU_LOG_FORMAT", "text");
    return "ecs".equalsIgnoreCase(format) || "json".equalsIgnoreCase(format);
  }

  private static Level levelFromEnvironment() {
    try {
      return Level.parse(System.getenv().getOrDefault("PATOU_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }

  /** Libraries' loggers kept quieter than patou's: Jetty's start-up lines, Lucene's vector note. */
  private static final String[][] QUIET = {
    {"org.eclipse.jetty", "WARNING"}, {"io.javalin", "WARNING"}, {"org.apache.lucene.internal.vectorization", "SEVERE"}
  };

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

  /** Jackson's factory, made when the first ECS line is (the text format never needs it). */
  private static final class Json {
    static final JsonFactory FACTORY = new JsonFactory();
  }

  /** ECS logging: one JSON object per line. */
  static final class EcsFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringWriter w = new StringWriter(256);
      try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
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
