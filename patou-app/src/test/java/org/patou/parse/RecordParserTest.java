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

  private static WalRecord line(String source, String s) {
    return new WalRecord(1, WalRecord.LINE, 1_764_151_200_000L, source, s.getBytes(StandardCharsets.UTF_8));
  }

  private static WalRecord json(String s) {
    return new WalRecord(1, WalRecord.JSON, 1_764_151_200_000L, "http", s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void zeekHeadersAreKeptPerSourceStream() {
    RecordParser p = new RecordParser(ZoneOffset.UTC);
    String[] header = {"#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-",
        "#path\tconn", "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state",
        "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring"};
    for (String h : header) {
      ParsedRecord r = p.parse(line("file:(dev=1,ino=2)", h));
      assertThat(r.raw()).isFalse();
      assertThat(r.event().get("tags")).isEqualTo(List.of("zeek_header"));
    }
    String data = "1700000000.5\tC1\t10.0.0.1\t5555\t10.0.0.2\t22\ttcp\tS0";
    ParsedRecord z = p.parse(line("file:(dev=1,ino=2)", data));
    assertThat(z.event().get("event.dataset")).isEqualTo("zeek.conn");
    assertThat(z.event().get("destination.port")).isEqualTo(22L);
    assertThat(z.event().get("zeek.connection.state")).isEqualTo("S0");
    // the same line from another file (no header seen there), or from syslog: not Zeek, raw
    assertThat(p.parse(line("file:(dev=1,ino=3)", data)).raw()).isTrue();
    assertThat(p.parse(line("syslog-tcp", data)).raw()).isTrue();
    // a syslog line in between, from another source, does not disturb the file's stream
    assertThat(p.parse(line("syslog-tcp", "<38>Nov 26 10:00:00 h sshd[1]: Invalid user a from 10.0.0.1 port 2")).raw()).isFalse();
    assertThat(p.parse(line("file:(dev=1,ino=2)", data)).event().get("event.dataset")).isEqualTo("zeek.conn");
    // a comment line of an unknown stream is not a Zeek header
    assertThat(p.parse(line("x", "# just a comment")).raw()).isTrue();
  }

  @Test
  void suricataAndZeekJsonAreRecognisedBeforePlainJson() {
    RecordParser p = new RecordParser(ZoneOffset.UTC);
    ParsedRecord eve = p.parse(json("{\"timestamp\":\"2024-01-02T03:04:05.000000+0000\",\"event_type\":\"alert\","
        + "\"src_ip\":\"10.0.0.1\",\"alert\":{\"signature_id\":1,\"signature\":\"x\"}}"));
    assertThat(eve.event().get("event.dataset")).isEqualTo("suricata.eve");
    assertThat(eve.event().get("source.ip")).isEqualTo("10.0.0.1");
    ParsedRecord zeek = p.parse(json("{\"ts\":1700000000.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"query\":\"a.b\",\"qtype_name\":\"A\"}"));
    assertThat(zeek.event().get("event.dataset")).isEqualTo("zeek.dns");
    ParsedRecord plain = p.parse(json("{\"@timestamp\":\"2024-01-02T03:04:05Z\",\"source.ip\":\"10.0.0.1\"}"));
    assertThat(plain.event().has("event.dataset")).isFalse();
    assertThat(plain.event().get("source.ip")).isEqualTo("10.0.0.1");
  }
}
