/**
 * Zeek logs to ECS: ASCII (TSV) logs read with their own header per stream ({@link
 * org.patou.parse.zeek.ZeekTsvHeader}, also used by the inventory's conn.log import) and Zeek JSON
 * records; conn, dns, http, ssl and ssh get Elastic's ECS mapping ({@link
 * org.patou.parse.zeek.ZeekParser}), every record keeps Zeek's own field names.
 *
 * <p>Enters: lines and JSON records handed by {@link org.patou.parse.RecordParser}. Leaves: events.
 * Owns no threads; not thread-safe, one per pipeline thread.
 */
package org.patou.parse.zeek;
