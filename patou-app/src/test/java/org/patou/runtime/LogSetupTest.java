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
}
