package org.patou.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
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
    return switch (r.kind()) {
      case WalRecord.JSON -> json(text);
      case WalRecord.LINE -> line(r.source(), text, r.receivedAt());
      default -> raw(text);
    };
  }

  /** One JSON object's text: EVE and Zeek JSON mapped to ECS, other JSON as it is, else raw. */
  public ParsedRecord json(String text) {
    try {
      Event e = json.parse(text);
      return new ParsedRecord(mapJson(e, text), false);
    } catch (RuntimeException e) {
      return raw(text); // not JSON after all (EventParseException), or a parser bug: kept raw
    }
  }

  /**
   * A JSON record already read: Suricata EVE and Zeek JSON mapped to ECS, anything else returned
   * as it is. {@code original} (its text) becomes {@code event.original}; null leaves that out.
   */
  public Event mapJson(Event e, String original) {
    Event mapped = EveParser.looksLike(e) ? eve.parse(e, original) : zeek.json(e, original);
    return mapped != null ? mapped : e;
  }

  /**
   * One line of {@code stream} (a followed file, a syslog sender: Zeek TSV headers are kept per
   * stream), received at {@code receivedAt} (epoch ms: the year of RFC 3164 times). Zeek header
   * lines come back tagged {@link org.patou.parse.zeek.ZeekParser#HEADER_TAG}.
   */
  public ParsedRecord line(String stream, String text, long receivedAt) {
    try {
      // Zeek TSV: only lines of a stream whose header was seen, or a header's first line (cheap
      // tests, so other lines pay one map lookup at most).
      if (text.startsWith("#") || zeek.tracks(stream)) {
        Event z = zeek.tsv(stream, text);
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
      Event e = syslog(receivedAt).parse(text);
      if (e.has("@timestamp") || e.has("host.name")) {
        return new ParsedRecord(e, false);
      }
    } catch (RuntimeException e) {
      // a parser bug must not lose the record: keep it raw
    }
    return raw(text);
  }

  /**
   * The line parsers {@code patou serve} and {@code patou hunt} put before syslog: nginx/apache
   * access and error logs (also behind a syslog header), in the order {@code patou simulate --type
   * auto} tries them, so all three see the same fields. New instances: a parser is used by one
   * thread.
   */
  public static List<LineParser> webParsers(ZoneId zone) {
    return List.of(new org.patou.parse.web.AccessLogParser()::parse, new org.patou.parse.web.ErrorLogParser(zone)::parse);
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
