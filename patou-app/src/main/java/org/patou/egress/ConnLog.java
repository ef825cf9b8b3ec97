package org.patou.egress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.patou.parse.zeek.ZeekTsvHeader;

/**
 * Reads a Zeek {@code conn.log}, TSV (with its {@code #fields} header; extra columns such as the
 * Stratosphere labels are ignored) or JSON lines, as flows: {@code id.orig_h} sent {@code
 * orig_bytes} to {@code id.resp_h} at {@code ts}. An unset {@code orig_bytes} ({@code -}) is 0.
 * The TSV header (separator, {@code #fields}) is read by {@link ZeekTsvHeader}, the reader the
 * server's Zeek parser and the inventory's {@code ZeekConn} use too; this one keeps the raw text
 * values and streams bytes.
 */
public final class ConnLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A line that is not a conn record, with its file and line. */
  public static final class BadLine extends IOException {
    private static final long serialVersionUID = 1L;

    BadLine(String file, long line, String why) {
      super(file + ":" + line + ": " + why);
    }
  }

  private ConnLog() {}

  /** Streams every record of the file to {@code out}; returns the number of records. */
  public static long read(String file, BufferedReader in, Consumer<Flow> out) throws IOException {
    ZeekTsvHeader header = new ZeekTsvHeader();
    long records = 0;
    long n = 0;
    Map<String, String> r = new HashMap<>();
    for (String l = in.readLine(); l != null; l = in.readLine()) {
      n++;
      if (l.endsWith("\r")) {
        l = l.substring(0, l.length() - 1);
      }
      if (l.isBlank()) {
        continue;
      }
      if (header.accept(l)) {
        continue;
      }
      r.clear();
      if (l.startsWith("{")) {
        JsonNode node;
        try {
          node = JSON.readTree(l);
        } catch (JsonProcessingException e) {
          throw new BadLine(file, n, "malformed JSON: " + e.getOriginalMessage());
        }
        node.fields().forEachRemaining(e -> r.put(e.getKey(), e.getValue().isNull() ? "-" : e.getValue().asText()));
      } else {
        if (!header.ready()) {
          throw new BadLine(file, n, "data before the #fields header (not a Zeek conn.log?)");
        }
        String[] fields = header.fields();
        String[] v = header.split(l); // extra columns (Stratosphere's labels) end up in the last one
        if (v == null) {
          throw new BadLine(file, n, "expected " + fields.length + " fields, found " + l.split("\t", -1).length);
        }
        for (int k = 0; k < fields.length; k++) {
          r.put(fields[k], v[k]);
        }
      }
      out.accept(flow(file, n, r));
      records++;
    }
    return records;
  }

  private static Flow flow(String file, long n, Map<String, String> r) throws BadLine {
    String ts = r.get("ts");
    String orig = r.get("id.orig_h");
    String resp = r.get("id.resp_h");
    if (ts == null || orig == null || resp == null) {
      throw new BadLine(file, n, "ts, id.orig_h and id.resp_h are required");
    }
    Instant at;
    try {
      at = ts.indexOf('T') > 0 ? Instant.parse(ts)
          : Instant.ofEpochMilli(new BigDecimal(ts).movePointRight(3).longValue());
    } catch (RuntimeException e) {
      throw new BadLine(file, n, "bad ts '" + ts + "'");
    }
    long bytes = count(file, n, "orig_bytes", r.get("orig_bytes"));
    int port = (int) count(file, n, "id.resp_p", r.get("id.resp_p"));
    return new Flow(at, orig, resp, bytes, r.get("id.resp_p") == null ? -1 : port, r.getOrDefault("proto", ""));
  }

  private static long count(String file, long n, String field, String v) throws BadLine {
    if (v == null || v.equals("-") || v.isEmpty()) {
      return 0;
    }
    try {
      long x = Long.parseLong(v);
      if (x < 0) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new BadLine(file, n, field + ": not a count: '" + v + "'");
    }
  }
}
