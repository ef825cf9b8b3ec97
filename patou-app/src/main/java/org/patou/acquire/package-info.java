/**
 * Live acquisition: the {@link org.patou.acquire.Source} contract, the {@link
 * org.patou.acquire.IngestSink} sources write to, per-source counters and rate limits. One
 * subpackage per source: {@code syslog} (UDP, TCP), {@code http} (JSON lines and {@code _bulk}),
 * {@code file} (not built yet).
 *
 * <p>Enters: bytes from the network. Leaves: WAL entries (raw bytes, not parsed) handed to the sink.
 * Threads: each source owns its own named threads; the sink owns the queue.
 */
package org.patou.acquire;
