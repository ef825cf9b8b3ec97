package org.patou.acquire.http;

/**
 * Limits of HTTP ingestion, validated without I/O.
 *
 * @param maxEvent the largest event (one JSON line or one {@code _bulk} document) in bytes
 * @param maxRequest the largest request body in bytes (larger: 413)
 * @param maxConcurrent ingest requests handled at once (more: 429); bounds the bodies in memory
 * @param rate events per second over all HTTP ingestion (0: no limit; over it: 429)
 */
public record HttpIngestConfig(int maxEvent, long maxRequest, int maxConcurrent, double rate) {
  public HttpIngestConfig {
    if (maxEvent < 1024 || maxRequest < maxEvent || maxConcurrent < 1 || rate < 0) {
      throw new IllegalArgumentException(
          "http ingest: max_event >= 1024, max_request >= max_event, max_concurrent >= 1, rate >= 0");
    }
  }

  public static HttpIngestConfig defaults() {
    return new HttpIngestConfig(1024 * 1024, 16L * 1024 * 1024, 8, 0);
  }
}
