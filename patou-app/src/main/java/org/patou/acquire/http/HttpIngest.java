package org.patou.acquire.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.patou.acquire.IngestSink;
import org.patou.acquire.RateLimiter;
import org.patou.acquire.SourceMetrics;
import org.patou.store.Wal;
import org.patou.store.WalRecord;

/**
 * HTTP ingestion, independent of the web framework: a body in, a status and a JSON answer out. The
 * answer is given only after the accepted items are fsynced in the WAL. {@code /api/v1/events}
 * takes JSON lines ({@code {"accepted":N,"rejected":M,"ids":[..],"errors":[{"line":..,"reason":..}]}});
 * {@code _bulk} answers like Elasticsearch ({@code {"took":..,"errors":..,"items":[{"index":{"_id":..,"status":201,..}}]}}),
 * so Beats and Vector ship unchanged. Thread-safe.
 */
public final class HttpIngest {
  public static final String LINES = "http";
  public static final String BULK = "http-bulk";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final IngestSink sink;
  private final HttpIngestConfig config;
  private final Semaphore concurrent;
  private final RateLimiter rate;

  public HttpIngest(IngestSink sink, HttpIngestConfig config) {
    this.sink = sink;
    this.config = config;
    this.concurrent = new Semaphore(config.maxConcurrent());
    this.rate = new RateLimiter(config.rate());
  }

  /** A status and a JSON body. */
  public record Answer(int status, String json) {}

  public HttpIngestConfig config() {
    return config;
  }

  /** May a request start now? (false: answer 429 without reading the body) */
  public boolean enter() {
    return concurrent.tryAcquire();
  }

  public void leave() {
    concurrent.release();
  }

  public Answer lines(byte[] body) throws IOException {
    SourceMetrics m = sink.metrics(LINES);
    m.bytes.add(body.length);
    List<BulkParser.Item> items = new BulkParser(config.maxEvent()).lines(body);
    long[] ids = new long[items.size()];
    Answer busy = store(items, m, ids);
    if (busy != null) {
      return busy;
    }
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode idArr = o.putArray("ids");
    ArrayNode errors = MAPPER.createArrayNode();
    int accepted = 0;
    for (int i = 0; i < items.size(); i++) {
      BulkParser.Item it = items.get(i);
      if (it.ok()) {
        accepted++;
        idArr.add(Long.toString(ids[i]));
      } else {
        errors.addObject().put("line", i + 1).put("status", it.status()).put("reason", it.error());
      }
    }
    o.put("accepted", accepted);
    o.put("rejected", items.size() - accepted);
    o.set("errors", errors);
    return new Answer(accepted > 0 || items.isEmpty() ? 200 : 400, MAPPER.writeValueAsString(o));
  }

  public Answer bulk(byte[] body, String defaultIndex) throws IOException {
    long start = System.nanoTime();
    SourceMetrics m = sink.metrics(BULK);
    m.bytes.add(body.length);
    List<BulkParser.Item> items;
    try {
      items = new BulkParser(config.maxEvent()).bulk(body, defaultIndex);
    } catch (BulkParser.MalformedBulkException e) {
      m.rejected.increment();
      ObjectNode err = MAPPER.createObjectNode();
      err.putObject("error").put("type", "illegal_argument_exception").put("reason", e.getMessage());
      err.put("status", 400);
      return new Answer(400, MAPPER.writeValueAsString(err));
    }
    long[] ids = new long[items.size()];
    Answer busy = store(items, m, ids);
    if (busy != null) {
      return busy;
    }
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode arr = MAPPER.createArrayNode();
    boolean errors = false;
    for (int i = 0; i < items.size(); i++) {
      BulkParser.Item it = items.get(i);
      ObjectNode r = arr.addObject().putObject(it.action());
      r.put("_index", it.index() == null ? "patou" : it.index());
      if (it.ok()) {
        r.put("_id", Long.toString(ids[i])).put("_version", 1).put("result", "created")
            .put("status", 201);
        r.putObject("_shards").put("total", 1).put("successful", 1).put("failed", 0);
        r.put("_seq_no", ids[i]).put("_primary_term", 1);
      } else {
        errors = true;
        r.put("status", it.status());
        r.putObject("error").put("type", it.errorType()).put("reason", it.error());
      }
    }
    o.put("took", (System.nanoTime() - start) / 1_000_000);
    o.put("errors", errors);
    o.set("items", arr);
    return new Answer(200, MAPPER.writeValueAsString(o));
  }

  /** Writes the valid items (ids filled in); returns a 429 answer when there is no room. */
  private Answer store(List<BulkParser.Item> items, SourceMetrics m, long[] ids) throws IOException {
    List<Wal.Entry> entries = new ArrayList<>();
    long now = System.currentTimeMillis();
    int rejected = 0;
    for (BulkParser.Item it : items) {
      if (it.ok()) {
        entries.add(new Wal.Entry(WalRecord.JSON, now, m.name, it.doc()));
      } else {
        rejected++;
      }
    }
    if (entries.size() > sink.capacity()) {
      m.rejected.add(items.size());
      return new Answer(413, "{\"error\":{\"type\":\"illegal_argument_exception\",\"reason\":\"more than "
          + sink.capacity() + " events in one request: split it\"},\"status\":413}");
    }
    if (!entries.isEmpty()) {
      if (!rate.tryAcquire(entries.size()) || !sink.tryReserve(entries.size())) {
        m.rejected.add(items.size());
        return new Answer(429, "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"patou is busy: retry later\"},\"status\":429}");
      }
      long last;
      try {
        last = sink.submit(entries, true);
      } catch (IOException | RuntimeException e) {
        sink.release(entries.size());
        throw e;
      }
      long seq = last - entries.size();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).ok()) {
          ids[i] = ++seq;
        }
      }
      m.received.add(entries.size());
    }
    m.rejected.add(rejected);
    return null;
  }
}
