/**
 * HTTP ingestion: JSON lines on {@code POST /api/v1/events} and the Elasticsearch-compatible
 * {@code POST /_bulk} (and {@code /{index}/_bulk}) with per-item results. The routes themselves are
 * registered by {@code org.patou.server.ApiServer}; this package holds the logic ({@link
 * org.patou.acquire.http.BulkParser}, {@link org.patou.acquire.http.HttpIngest}).
 *
 * <p>Enters: request bodies. Leaves: WAL entries (the valid JSON objects, as received); answers
 * after fsync. Threads: the web server's request threads; none of its own.
 */
package org.patou.acquire.http;
