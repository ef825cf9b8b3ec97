/**
 * Durable state of {@code patou serve}: the write-ahead log ({@link org.patou.store.Wal}), the
 * Lucene event store ({@link org.patou.store.EventStore}) and the alerts, tokens and rule states in
 * H2 ({@link org.patou.store.StateDb}, {@link org.patou.store.AlertStore}).
 *
 * <p>Enters: raw received records (WAL), parsed events and detections (store). Leaves: records to
 * replay, search results, alerts. Threads: none of its own; every class is thread-safe unless its
 * javadoc says otherwise. The pipeline in {@code org.patou.runtime} owns the threads.
 *
 * <h2>WAL format, version 1</h2>
 *
 * Folder {@code DATA/server/wal/}, one file per segment, named {@code wal-<first seq, 20 digits>.log};
 * a new segment starts when the current one would pass the segment size (64 MiB by default). All
 * integers little-endian.
 *
 * <pre>
 * segment header (20 bytes):
 *   u32 magic 0x5057414C ("PWAL" read as an int)   u16 version = 1   u16 reserved = 0
 *   u64 first sequence number                       u32 CRC32 of the 16 bytes before it
 * record (8 + len bytes), repeated:
 *   u32 len (19 .. 16 MiB)   u32 CRC32 of the body
 *   body: u64 seq   u8 kind (1 JSON, 2 LINE, 3 RAW)   u64 received-at (epoch ms)
 *         u16 source name length   source name (UTF-8)   payload (the bytes received)
 * </pre>
 *
 * A bad header is an error naming the file and offset. In the last segment, a record that is cut
 * short or fails its checksum is a torn write from a crash: it and everything after it are cut off
 * at open (and logged). Such a record was never acknowledged, because acknowledgement waits for the
 * fsync that follows the write. In an earlier segment the same is an error with file and offset.
 *
 * <h2>fsync policy</h2>
 *
 * <ul>
 *   <li>HTTP ({@code /api/v1/events}, {@code _bulk}): the response is sent after the request's
 *       records are fsynced ({@code Wal.sync}, group commit: one fsync for all waiting requests).
 *   <li>Syslog TCP: every chunk read from a connection is written and fsynced before the next read,
 *       so what the server has read is durable, and a slow disk slows the sender (backpressure).
 *   <li>Syslog UDP (never acknowledged): written at once, fsynced by the pipeline's flusher at most
 *       one second later. A process crash ({@code kill -9}) loses nothing written (it is in the page
 *       cache); a power cut may lose up to one second of UDP.
 *   <li>Segments are deleted once the Lucene store has committed every record in them (the store's
 *       checkpoint, {@code DATA/server/checkpoint}); at start the records after the checkpoint are
 *       replayed, and replay is idempotent (a document's id is its sequence number).
 * </ul>
 */
package org.patou.store;
