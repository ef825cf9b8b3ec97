package org.patou.acquire.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.patou.event.EventParseException;
import org.patou.event.JsonEventReader;

/**
 * Splits an ingest body into items, without threads or I/O: JSON lines ({@link #lines}) or an
 * Elasticsearch {@code _bulk} body ({@link #bulk}: action line, then the document for {@code
 * index}/{@code create}). Each item is either a valid JSON object (kept as its bytes) or an error
 * with the reason; valid items are stored even when others fail. Not thread-safe.
 */
public final class BulkParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final JsonEventReader reader = new JsonEventReader();
  private final int maxEvent;

  public BulkParser(int maxEvent) {
    this.maxEvent = maxEvent;
  }

  /**
   * One item: {@code doc} (the JSON bytes) or {@code error}.
   *
   * @param action {@code index}/{@code create} for bulk, {@code line} for JSON lines
   * @param index the {@code _index} asked for, if any
   */
  public record Item(String action, String index, byte[] doc, int status, String errorType, String error) {
    public boolean ok() {
      return doc != null;
    }
  }

  /** The body is not a {@code _bulk} body at all (Elasticsearch answers 400 for the request). */
  public static final class MalformedBulkException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedBulkException(String message) {
      super(message);
    }
  }

  public List<Item> lines(byte[] body) {
    List<Item> out = new ArrayList<>();
    for (byte[] line : split(body)) {
      out.add(document("line", null, line));
    }
    return out;
  }

  public List<Item> bulk(byte[] body, String defaultIndex) throws MalformedBulkException {
    List<byte[]> lines = split(body);
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode action;
      try {
        action = MAPPER.readTree(lines.get(i));
      } catch (java.io.IOException e) {
        throw new MalformedBulkException("Malformed action/metadata line [" + (i + 1) + "]: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      }
      if (action == null || !action.isObject() || action.size() != 1) {
        throw new MalformedBulkException("Malformed action/metadata line [" + (i + 1) + "], expected an object with one action");
      }
      String name = action.fieldNames().next();
      JsonNode meta = action.get(name);
      String index = meta != null && meta.hasNonNull("_index") ? meta.get("_index").asText() : defaultIndex;
      switch (name) {
        case "index", "create" -> {
          if (i + 1 >= lines.size()) {
            throw new MalformedBulkException("action [" + name + "] at line " + (i + 1) + " has no document");
          }
          out.add(document(name, index, lines.get(++i)));
        }
        case "update" -> {
          i++;
          out.add(new Item(name, index, null, 400, "illegal_argument_exception", "update is not supported: events are append-only"));
        }
        case "delete" -> out.add(new Item(name, index, null, 400, "illegal_argument_exception", "delete is not supported: events are append-only"));
        default -> throw new MalformedBulkException("Unknown action [" + name + "] at line " + (i + 1));
      }
    }
    return out;
  }

  private Item document(String action, String index, byte[] doc) {
    if (doc.length > maxEvent) {
      return new Item(action, index, null, 413, "document_too_large",
          "document of " + doc.length + " bytes is over the limit of " + maxEvent);
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(doc));
    } catch (CharacterCodingException e) {
      return new Item(action, index, null, 400, "mapper_parsing_exception", "document is not valid UTF-8");
    }
    try {
      reader.parse(new String(doc, StandardCharsets.UTF_8));
      return new Item(action, index, doc, 201, null, null);
    } catch (EventParseException | java.io.UncheckedIOException e) {
      return new Item(action, index, null, 400, "mapper_parsing_exception", "failed to parse: " + e.getMessage());
    } catch (RuntimeException e) {
      return new Item(action, index, null, 400, "mapper_parsing_exception", "failed to parse: " + e);
    }
  }

  /** Non-empty lines (LF, an optional CR before it dropped). */
  static List<byte[]> split(byte[] body) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i;
        if (end > start && body[end - 1] == '\r') {
          end--;
        }
        boolean blank = true;
        for (int k = start; k < end && blank; k++) {
          blank = body[k] == ' ' || body[k] == '\t';
        }
        if (!blank) {
          out.add(Arrays.copyOfRange(body, start, end));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
