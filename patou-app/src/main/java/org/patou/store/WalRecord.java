package org.patou.store;

/**
 * One record of the write-ahead log: what a source received, before parsing.
 *
 * @param seq the record's sequence number, unique and increasing over the whole log (it becomes
 *     the event id, {@code _id})
 * @param kind what the payload is: {@link #JSON} (one JSON object), {@link #LINE} (one syslog or
 *     log line) or {@link #RAW} (bytes no parser is expected to read)
 * @param receivedAt when the source received it, epoch milliseconds
 * @param source the source's name ({@code syslog-tcp}, {@code http}, {@code bulk}...), or for a
 *     source with several streams whose lines must not be mixed (the file tailer: one per file)
 *     {@code NAME:STREAM}; parsers that keep state across lines (Zeek TSV headers) key it by this
 * @param payload the bytes as received (UTF-8 text for JSON and LINE, possibly malformed)
 */
public record WalRecord(long seq, byte kind, long receivedAt, String source, byte[] payload) {
  public static final byte JSON = 1;
  public static final byte LINE = 2;
  public static final byte RAW = 3;

  /** The source's name without its stream ({@code file} for {@code file:(dev=..,ino=..)}): the key of its metrics. */
  public String sourceName() {
    int colon = source.indexOf(':');
    return colon < 0 ? source : source.substring(0, colon);
  }
}
