package org.patou.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.event.EventParseException;
import org.patou.event.JsonEventReader;
import org.patou.parse.suricata.EveParser;
import org.patou.parse.zeek.ZeekParser;
import org.patou.store.WalRecord;

/**
 * Turns a received record (WAL kind + bytes) into an event: JSON objects with patou-core's {@link
 * JsonEventReader}, then Suricata EVE ({@link EveParser}) and Zeek JSON ({@link ZeekParser}) are
 * recognised and mapped to ECS before the rest is taken as ECS/EVTX-as-JSON as it is; lines of a
 * stream that carries a Zeek TSV header go to {@link ZeekParser} (the stream is the record's {@link
 * WalRecord#source()}: one per followed file), other lines to the extra {@link LineParser}s, then
 * {@link SyslogParser} (RFC 3164/5424, sshd, sudo, su, PAM, account management). Anything no
 * parser understands becomes a raw event (never dropped). Bytes that are not valid UTF-8 are
 * decoded with U+FFFD in their place.
 *
 * <p>Not thread-safe (the syslog parser reuses a builder): one per thread. Never throws.
 */
public final class RecordParser {
  public static final String UNPARSED_TAG = "patou_unparsed";

  private final ZoneId zone;
  private final List<LineParser> extra;
  private final JsonEventReader json = new JsonEventReader();
  private final EveParser eve = new EveParser();
  private final ZeekParser zeek = new ZeekParser();
  private SyslogParser syslog;
  private long syslogDay = Long.MIN_VALUE;

  /** With the syslog parser only. */
  public RecordParser(ZoneId zone) {
    this(zone, List.of());
  }

  /** With extra line parsers (the web access-log parser plugs in here). */
  public RecordParser(ZoneId zone, List<LineParser> extra) {
    this.zone = zone;
    this.extra = List.copyOf(extra);
  }

  public ParsedRecord parse(WalRecord r) {
    String text = new String(r.payload(), StandardCharsets.UTF_8);
    try {
      if (r.kind() == WalRecord.JSON) {
        try {
          Event e = json.parse(text);
          Event mapped = EveParser.looksLike(e) ? eve.parse(e, text) : zeek.json(e, text);
          return new ParsedRecord(mapped != null ? mapped : e, false);
        } catch (EventParseException | java.io.UncheckedIOException e) {
          return raw(text);
        }
      }
      if (r.kind() == WalRecord.LINE) {
        // Zeek TSV: only lines of a stream whose header was seen, or a header's first line (cheap
        // tests, so other lines pay one map lookup at most).
        if (text.startsWith("#") || zeek.tracks(r.source())) {
          Event z = zeek.tsv(r.source(), text);
          if (z != null) {
            return new ParsedRecord(z, false);
          }
        }
        // Extra parsers first: the web access-log parser also reads lines behind a syslog header
        // (nginx logging to syslog), which the syslog parser would take as a plain message.
        for (LineParser p : extra) {
          Event x = p.parse(text);
          if (x != null) {
            return new ParsedRecord(x, false);
          }
        }
        Event e = syslog(r.receivedAt()).parse(text);
        if (e.has("@timestamp") || e.has("host.name")) {
          return new ParsedRecord(e, false);
        }
      }
    } catch (RuntimeException e) {
      // a parser bug must not lose the record: keep it raw
    }
    return raw(text);
  }

  private SyslogParser syslog(long receivedAt) {
    long day = receivedAt / 86_400_000L;
    if (syslog == null || day != syslogDay) {
      // RFC 3164 has no year: the reference is the receipt time (renewed daily).
      syslog = new SyslogParser(zone, ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(receivedAt), zone));
      syslogDay = day;
    }
    return syslog;
  }

  private static ParsedRecord raw(String text) {
    String cut = text.length() > SyslogParser.MAX_LINE ? text.substring(0, SyslogParser.MAX_LINE) : text;
    EventBuilder b = new EventBuilder();
    b.add("message", cut);
    b.add("event.original", cut);
    b.add("tags", UNPARSED_TAG);
    return new ParsedRecord(b.build(), true);
  }
}
