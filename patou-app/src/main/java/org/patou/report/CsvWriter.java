package org.patou.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import org.patou.sigma.match.Detection;

/**
 * RFC 4180 CSV: a header line, then one record per detection, lines ended by CRLF, a field quoted
 * (with inner quotes doubled) when it holds a comma, a quote, CR or LF. Columns: {@code
 * timestamp, level, rule_id, rule_title, host, user, file, event} where {@code event} is the matched
 * event as compact JSON of dotted names.
 */
public final class CsvWriter implements DetectionWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private final Writer out;

  public CsvWriter(Writer out) throws IOException {
    this.out = out;
    out.write("timestamp,level,rule_id,rule_title,host,user,file,event\r\n");
  }

  @Override
  public void write(Finding f) throws IOException {
    Detection d = f.detection();
    StringWriter json = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(json)) {
      JsonlWriter.event(g, d.event());
    }
    String[] row = {
      EventFields.iso(d.timestamp()),
      EventFields.label(d.rule().level()),
      d.rule().id(),
      d.rule().title(),
      EventFields.host(d.event()),
      EventFields.user(d.event()),
      f.file(),
      json.toString()
    };
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(row[i]));
    }
    out.write("\r\n");
  }

  /** One field, quoted when RFC 4180 requires it; null is the empty field. */
  public static String field(String v) {
    if (v == null) {
      return "";
    }
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  @Override
  public void end(Summary summary) throws IOException {
    out.flush();
  }
}
