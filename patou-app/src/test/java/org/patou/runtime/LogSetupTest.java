package org.patou.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogSetupTest {
  @Test
  void ecsLinesAreOneJsonObjectEachWithTheErrorFields() throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, "record {0} failed");
    r.setParameters(new Object[] {"42"});
    r.setLoggerName("org.patou.runtime.Pipeline");
    r.setThrown(new IllegalStateException("bad \"quote\"\nnew line"));
    String line = new LogSetup.EcsFormatter().format(r);
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode j = new ObjectMapper().readTree(line);
    assertThat(j.get("log.level").asText()).isEqualTo("WARNING");
    assertThat(j.get("log.logger").asText()).isEqualTo("org.patou.runtime.Pipeline");
    assertThat(j.get("message").asText()).isEqualTo("record 42 failed");
    assertThat(j.get("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(j.get("error.message").asText()).isEqualTo("bad \"quote\"\nnew line");
    assertThat(j.get("error.stack_trace").asText()).contains("LogSetupTest");
  }

  @Test
  void textLinesStartWithTheInstantAndLevel() {
    LogRecord r = new LogRecord(Level.INFO, "hello");
    r.setLoggerName("x.y");
    assertThat(new LogSetup.TextFormatter().format(r)).matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+Z INFO x\\.y: hello\\R");
  }

  /** What {@link #deferredLoggingIsConfiguredWhenSomethingFirstLogs} runs in a JVM of its own. */
  public static final class DeferredMain {
    public static void main(String[] args) {
      LogSetup.deferred();
      java.util.logging.Logger.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
      java.util.logging.Logger.getLogger("org.patou.runtime.Pipeline").warning("record {0} failed");
      java.util.logging.Logger.getLogger("org.patou.runtime.Pipeline").fine("too fine");
    }
  }

  @Test
  void deferredLoggingIsConfiguredWhenSomethingFirstLogs() throws Exception {
    String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String format : new String[] {"text", "ecs"}) {
      ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), DeferredMain.class.getName());
      pb.environment().put("PATOU_LOG_FORMAT", format);
      pb.environment().remove("PATOU_LOG_LEVEL");
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isZero();
      java.util.List<String> lines = out.lines().toList();
      assertThat(lines).as(out).hasSize(1);
      if (format.equals("text")) {
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+Z WARNING org\\.patou\\.runtime\\.Pipeline: record \\{0\\} failed");
      } else {
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        assertThat(j.get("log.level").asText()).isEqualTo("WARNING");
        assertThat(j.get("log.logger").asText()).isEqualTo("org.patou.runtime.Pipeline");
      }
    }
  }
}
