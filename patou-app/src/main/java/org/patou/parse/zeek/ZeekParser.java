package org.patou.parse.zeek;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.patou.event.Event;
import org.patou.event.EventBuilder;

/**
 * Zeek logs to ECS ({@link ZeekEcs}): ASCII (TSV) lines read with the header of their own stream,
 * and Zeek JSON records (one object per line).
 *
 * <p><b>TSV.</b> Lines of several streams interleave in the pipeline, so each stream (a followed
 * file, a source) has its own {@link ZeekTsvHeader}: a stream's state starts at its {@code
 * #separator} line and is replaced at the next one. Header lines become events tagged {@code
 * zeek_header} (kept like any received line, never dropped); a data line is read only when its
 * stream has a complete header ({@code #path}, {@code #fields}) and the column count matches.
 * At most {@link #MAX_STREAMS} streams are remembered (then all are forgotten at once: a stream
 * seen again is read again from its next header).
 *
 * <p><b>JSON.</b> The log type is {@code _path} when the record has it (Zeek's {@code
 * LogAscii::use_json} with {@code Log::default_path} fields, or a shipper that adds it), else it is
 * told from the fields only that log has: {@code conn_state}/{@code history} (conn), {@code
 * qtype_name}/{@code trans_id}/{@code rcode} (dns), {@code method}/{@code status_code}/{@code
 * trans_depth} (http), {@code cipher}/{@code server_name}/{@code established} (ssl), {@code
 * auth_attempts}/{@code auth_success}/{@code host_key} (ssh).
 *
 * <p>Not thread-safe (reused builders, per-stream state): one per pipeline thread. Never throws on
 * any input; returns null for what is not Zeek.
 */
public final class ZeekParser {
  public static final String HEADER_TAG = "zeek_header";
  static final int MAX_STREAMS = 1024;
  private static final List<String> HEADER_TAGS = List.of(HEADER_TAG);

  private final Map<String, ZeekTsvHeader> streams = new HashMap<>();
  private final EventBuilder fields = new EventBuilder();
  private final EventBuilder out = new EventBuilder();

  /** True when {@code stream} has a Zeek header in force (its lines should be offered to {@link #tsv}). */
  /** Whether {@code e} is a header line's event (from {@link #tsv}), not a record. */
  public static boolean isHeader(Event e) {
    return e.get("tags") instanceof List<?> tags && tags.contains(HEADER_TAG) && "zeek".equals(e.get("event.module"));
  }

  public boolean tracks(String stream) {
    return !streams.isEmpty() && streams.containsKey(stream);
  }

  /**
   * The event of one line of {@code stream}: a header line (state taken, event tagged {@code
   * zeek_header}) or a data line under the stream's header; null when the line is neither.
   */
  public Event tsv(String stream, String line) {
    try {
      ZeekTsvHeader h = streams.get(stream);
      if (!line.isEmpty() && line.charAt(0) == '#') {
        if (h == null) {
          if (!line.startsWith("#separator ")) {
            return null;
          }
          if (streams.size() >= MAX_STREAMS) {
            streams.clear();
          }
          h = new ZeekTsvHeader();
          streams.put(stream, h);
        }
        h.accept(line);
        out.add("message", line);
        out.add("event.original", line);
        out.add("event.module", "zeek");
        out.add("tags", HEADER_TAGS);
        return out.build();
      }
      if (h == null || h.path() == null || !h.ready()) {
        return null;
      }
      if (!h.addFields(line, fields)) {
        fields.build();
        return null;
      }
      return ecs(h.path(), fields.build(), line);
    } catch (RuntimeException e) {
      fields.build();
      out.build();
      return null;
    }
  }

  /** The ECS event of a Zeek JSON record already read into {@code json}; null when it is not Zeek. */
  public Event json(Event json, String original) {
    try {
      if (!json.has("ts") || !(json.has("uid") || json.has("id.orig_h") || json.has("_path"))) {
        return null;
      }
      String path = json.get("_path") instanceof String p && !p.isEmpty() ? p : logType(json);
      return path == null ? null : ecs(path, json, original);
    } catch (RuntimeException e) {
      out.build();
      return null;
    }
  }

  private Event ecs(String path, Event zeek, String original) {
    if (!ZeekEcs.map(path, zeek, original, out)) {
      out.build();
      return null;
    }
    return out.build();
  }

  /** The log a Zeek JSON record without {@code _path} comes from, by its fields; null if unknown. */
  static String logType(Event e) {
    if (e.has("conn_state") || e.has("history") || e.has("orig_bytes") || e.has("orig_ip_bytes")) {
      return "conn";
    }
    if (e.has("qtype_name") || e.has("trans_id") || e.has("rcode") || e.has("query") && e.has("qclass")) {
      return "dns";
    }
    if (e.has("method") || e.has("status_code") || e.has("trans_depth")) {
      return "http";
    }
    if (e.has("cipher") || e.has("server_name") || e.has("established") || e.has("ssl_history")) {
      return "ssl";
    }
    if (e.has("auth_attempts") || e.has("auth_success") || e.has("host_key") || e.has("kex_alg")) {
      return "ssh";
    }
    return null;
  }
}
