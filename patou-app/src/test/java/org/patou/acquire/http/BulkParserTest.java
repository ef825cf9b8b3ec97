package org.patou.acquire.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkParserTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void perItemResults() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(b("{\"index\":{\"_index\":\"winlogbeat\"}}\n{\"event\":{\"code\":4624}}\n"));
    body.writeBytes(b("{\"create\":{}}\n{not json\n"));
    body.writeBytes(b("{\"index\":{}}\n{\"bad_utf8\":\""));
    body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
    body.writeBytes(b("\"}\n{\"delete\":{\"_id\":\"1\"}}\n{\"index\":{}}\n[1,2]\n"));
    List<BulkParser.Item> items = new BulkParser(1024).bulk(body.toByteArray(), "dflt");
    assertThat(items).extracting(BulkParser.Item::status).containsExactly(201, 400, 400, 400, 400);
    assertThat(items.get(0).index()).isEqualTo("winlogbeat");
    assertThat(items.get(1).index()).isEqualTo("dflt");
    assertThat(items.get(2).error()).contains("UTF-8");
  }

  @Test
  void malformedActionRejectsTheRequest() {
    assertThatThrownBy(() -> new BulkParser(1024).bulk(b("garbage\n{}\n"), null))
        .isInstanceOf(BulkParser.MalformedBulkException.class);
  }

  @Test
  void tooLargeDocument() {
    List<BulkParser.Item> items = new BulkParser(1024).lines(b("{\"m\":\"" + "x".repeat(2000) + "\"}\n{\"ok\":1}\n"));
    assertThat(items).extracting(BulkParser.Item::status).containsExactly(413, 201);
  }
}
