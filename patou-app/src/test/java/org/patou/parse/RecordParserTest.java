package org.patou.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patou.event.EventBuilder;
import org.patou.store.WalRecord;

class RecordParserTest {
  private static WalRecord line(String s) {
    return new WalRecord(1, WalRecord.LINE, 1_764_151_200_000L, "t", s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theWebParserHookIsTriedFirstThenSyslogThenRaw() {
    LineParser web = l -> l.contains("\"GET ") ? new EventBuilder().add("event.dataset", "http.access").build() : null;
    RecordParser p = new RecordParser(ZoneOffset.UTC, List.of(web));
    ParsedRecord w = p.parse(line("Nov 26 10:00:00 web1 nginx[7]: 1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5"));
    assertThat(w.event().get("event.dataset")).isEqualTo("http.access");
    ParsedRecord s = p.parse(line("<38>Nov 26 10:00:00 h sshd[1]: Invalid user a from 10.0.0.1 port 2"));
    assertThat(s.raw()).isFalse();
    assertThat(s.event().get("source.ip")).isEqualTo("10.0.0.1");
    ParsedRecord r = p.parse(line("just some text"));
    assertThat(r.raw()).isTrue();
    assertThat(r.event().get("tags")).isEqualTo(RecordParser.UNPARSED_TAG);
  }

  @Test
  void jsonAndBrokenInput() {
    RecordParser p = new RecordParser(ZoneOffset.UTC);
    ParsedRecord j = p.parse(new WalRecord(2, WalRecord.JSON, 0, "t",
        "{\"Event\":{\"System\":{\"EventID\":4624}}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(j.event().get("Event.System.EventID")).isEqualTo(4624L);
    ParsedRecord bad = p.parse(new WalRecord(3, WalRecord.JSON, 0, "t", new byte[] {'{', (byte) 0xFF}));
    assertThat(bad.raw()).isTrue();
    assertThat((String) bad.event().get("message")).contains("\uFFFD");
  }
}
