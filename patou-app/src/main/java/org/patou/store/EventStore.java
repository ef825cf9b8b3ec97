package org.patou.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.patou.event.Event;
import org.patou.event.NullValue;

/**
 * The event store: embedded Lucene, one index per UTC day of <em>receipt</em> (folder {@code
 * DATA/server/events/YYYY-MM-DD}), so that retention drops whole folders. Search filters on the
 * event's own time ({@code _ts}, from {@code @timestamp} or the receipt time) over every partition.
 *
 * <p>Fields: {@code _id} (the WAL sequence number), {@code _ts} and {@code _received} (epoch ms,
 * points and doc values), {@code _source} (the event as JSON, stored), {@code _raw} ("true" when no
 * parser understood the record). Every event field is indexed under its own name as a keyword
 * (exact, case-sensitive, numbers as their decimal text), except {@link #TEXT_FIELDS}, which are
 * tokenised; a bare word in a query searches {@code message}. Numbers (and text that is a plain
 * decimal number) are also indexed as points under {@code NAME#num}, so a range such as {@code
 * destination.port:[1 TO 1023]} or {@code source.bytes:{1000000 TO *]} compares numbers, not
 * text (see {@link #parse}).
 *
 * <p>Thread-safe: one thread writes ({@link #add}), any thread searches.
 */
public final class EventStore implements Closeable {
  public static final List<String> TEXT_FIELDS = List.of("message", "event.original");
  private static final int MAX_TERM = 8 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final Path dir;
  private final Analyzer analyzer;
  private final TreeMap<String, IndexWriter> writers = new TreeMap<>();

  public EventStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    Map<String, Analyzer> text = new java.util.HashMap<>();
    for (String f : TEXT_FIELDS) {
      text.put(f, new StandardAnalyzer());
    }
    this.analyzer = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), text);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
        writer(p.getFileName().toString());
      }
    }
  }

  /** One search hit. */
  public record Hit(String id, long timestamp, String sourceJson) {}

  /** A page of results and the number of all matching events. */
  public record Page(long total, List<Hit> hits) {}

  /** Adds (or replaces: replay is idempotent) one event. */
  public synchronized void add(String id, long receivedAt, long ts, boolean raw, Event event)
      throws IOException {
    Document d = new Document();
    d.add(new StringField("_id", id, Field.Store.YES));
    d.add(new LongPoint("_ts", ts));
    d.add(new NumericDocValuesField("_ts", ts));
    d.add(new StoredField("_ts", ts));
    d.add(new LongPoint("_received", receivedAt));
    d.add(new StringField("_raw", Boolean.toString(raw), Field.Store.NO));
    d.add(new StringField(VERSION, INDEX_VERSION, Field.Store.NO));
    d.add(new StoredField("_source", toJson(event)));
    event.forEach((name, value) -> addField(d, name, value));
    String day = LocalDate.ofInstant(Instant.ofEpochMilli(receivedAt), ZoneOffset.UTC).toString();
    writer(day).updateDocument(new Term("_id", id), d);
  }

  private static void addField(Document d, String name, Object value) {
    if (name.startsWith("_")) {
      return;
    }
    if (value instanceof List<?> list) {
      for (Object v : list) {
        addField(d, name, v);
      }
      return;
    }
    if (value == null || value == NullValue.NULL) {
      return;
    }
    String s = value.toString();
    if (TEXT_FIELDS.contains(name)) {
      d.add(new TextField(name, s, Field.Store.NO));
    } else {
      if (s.length() > MAX_TERM) {
        d.add(new StringField(name, s.substring(0, MAX_TERM), Field.Store.NO));
        d.add(new StringField(LONG, name, Field.Store.NO)); // the term is cut: queries on it may miss
      } else {
        d.add(new StringField(name, s, Field.Store.NO));
      }
      double n = value instanceof Number num ? num.doubleValue() : number(s);
      if (!Double.isNaN(n)) {
        d.add(new org.apache.lucene.document.DoublePoint(name + NUM, n));
      }
    }
  }

  static final String NUM = "#num";
  /** Names of the fields whose value was too long for one term and is indexed cut. */
  static final String LONG = "_long";
  /**
   * The index layout of a document: "2" since {@link #LONG} exists. Older documents (no value)
   * always pass a retro-hunt prefilter, which cannot tell whether their terms were cut.
   */
  static final String VERSION = "_v";
  static final String INDEX_VERSION = "2";

  /** The value of a plain decimal number ({@code -12}, {@code 3.5}), else NaN; no exponent, no hex. */
  static double number(String s) {
    int n = s.length();
    if (n == 0 || n > 24) {
      return Double.NaN;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    boolean digits = false;
    boolean dot = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return Double.NaN;
      }
    }
    if (!digits || s.endsWith(".")) {
      return Double.NaN;
    }
    return Double.parseDouble(s);
  }

  /**
   * Commits every partition. Runs without the store's lock, so {@link #add} goes on meanwhile (a
   * commit can take hundreds of milliseconds); events added during it may or may not be in it.
   */
  public void commit() throws IOException {
    List<IndexWriter> all;
    synchronized (this) {
      all = List.copyOf(writers.values());
    }
    for (IndexWriter w : all) {
      try {
        w.commit();
      } catch (org.apache.lucene.store.AlreadyClosedException e) {
        // dropped by retention meanwhile: nothing of it to keep
      }
    }
  }

  /**
   * Searches with Lucene's classic query syntax (empty: everything) and an event-time range,
   * newest first.
   *
   * @throws IllegalArgumentException for a query that does not parse
   */
  public Page search(String q, long from, long to, int limit) throws IOException {
    Query full = inTime(q, from, to);
    try (MultiReader r = openReader()) {
      IndexSearcher s = new IndexSearcher(r);
      int total = s.count(full);
      List<Hit> hits = new ArrayList<>();
      if (limit > 0) {
        TopFieldDocs top = s.search(full, limit, new Sort(new SortField("_ts", SortField.Type.LONG, true)));
        StoredFields sf = s.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
          hits.add(hit(sf.document(sd.doc)));
        }
      }
      return new Page(total, hits);
    }
  }

  /**
   * Hands every event matching the query and time range to {@code sink}, oldest first, at most
   * {@code max}; returns how many were handed. Pages through the hits (1,000 at a time).
   */
  public long scan(String q, long from, long to, long max, java.util.function.Consumer<Hit> sink) throws IOException {
    return scan(q, null, from, to, max, sink).scanned();
  }

  /**
   * What a prefiltered scan did: events handed to the sink, events the query and time range select
   * (what a full scan would read), and the prefilter as Lucene prints it ("" when none).
   */
  public record ScanStats(long scanned, long selected, String prefilter) {}

  /**
   * As {@link #scan(String, long, long, long, java.util.function.Consumer)}, narrowed by a query
   * that {@code prefilter} builds from the index's field names (null, or a null query: no
   * narrowing). Documents indexed before the current layout ({@link #VERSION}) always pass.
   */
  public ScanStats scan(String q, java.util.function.Function<java.util.Set<String>, Query> prefilter, long from,
      long to, long max, java.util.function.Consumer<Hit> sink) throws IOException {
    Query selected = inTime(q, from, to);
    long n = 0;
    try (MultiReader r = openReader()) {
      IndexSearcher s = new IndexSearcher(r);
      Query full = selected;
      String shown = "";
      Query narrow = prefilter == null ? null : prefilter.apply(fieldNames(r));
      if (narrow != null) {
        shown = narrow.toString();
        Query old = new BooleanQuery.Builder()
            .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
            .add(new org.apache.lucene.search.TermQuery(new Term(VERSION, INDEX_VERSION)), BooleanClause.Occur.MUST_NOT)
            .build();
        Query passes = new BooleanQuery.Builder()
            .add(narrow, BooleanClause.Occur.SHOULD)
            .add(old, BooleanClause.Occur.SHOULD)
            .build();
        full = new BooleanQuery.Builder()
            .add(selected, BooleanClause.Occur.FILTER)
            .add(passes, BooleanClause.Occur.FILTER)
            .build();
      }
      long total = s.count(selected);
      Sort sort = new Sort(new SortField("_ts", SortField.Type.LONG, false));
      StoredFields sf = s.storedFields();
      ScoreDoc after = null;
      // Ties on _ts keep index order, so searchAfter pages are stable; a prefilter runs its term
      // automata once per page, hence larger pages when narrowing.
      int page = narrow == null ? 1000 : 10_000;
      while (n < max) {
        org.apache.lucene.search.TopDocs top = after == null ? s.search(full, page, sort) : s.searchAfter(after, full, page, sort);
        if (top.scoreDocs.length == 0) {
          break;
        }
        for (ScoreDoc sd : top.scoreDocs) {
          if (n++ >= max) {
            break;
          }
          sink.accept(hit(sf.document(sd.doc)));
        }
        after = top.scoreDocs[top.scoreDocs.length - 1];
      }
      return new ScanStats(Math.min(n, max), total, shown);
    }
  }

  /** Every indexed field name of the reader's segments. */
  private static java.util.Set<String> fieldNames(IndexReader r) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (org.apache.lucene.index.LeafReaderContext c : r.leaves()) {
      for (org.apache.lucene.index.FieldInfo fi : c.reader().getFieldInfos()) {
        out.add(fi.name);
      }
    }
    return out;
  }

  /**
   * Events received per time bucket: {@code buckets} counts of {@code step} ms from {@code from}
   * (epoch ms), by receipt time (the event rate the server saw, whatever the events' own times).
   */
  public long[] receivedHistogram(long from, long step, int buckets) throws IOException {
    if (step <= 0 || buckets < 1 || buckets > 10_000) {
      throw new IllegalArgumentException("step > 0 and 1..10000 buckets");
    }
    long[] counts = new long[buckets];
    try (MultiReader r = openReader()) {
      IndexSearcher s = new IndexSearcher(r);
      for (int i = 0; i < buckets; i++) {
        long lo = from + i * step;
        counts[i] = s.count(LongPoint.newRangeQuery("_received", lo, lo + step - 1));
      }
    }
    return counts;
  }

  /** The query (Lucene syntax; empty: everything) on events whose own time is in [from, to]. */
  private Query inTime(String q, long from, long to) {
    return new BooleanQuery.Builder()
        .add(parse(q), BooleanClause.Occur.MUST)
        .add(LongPoint.newRangeQuery("_ts", from, to), BooleanClause.Occur.FILTER)
        .build();
  }

  /** A near-real-time reader over every partition (uncommitted events included); close it. */
  private MultiReader openReader() throws IOException {
    List<IndexReader> readers = new ArrayList<>();
    try {
      synchronized (this) {
        for (IndexWriter w : writers.values()) {
          readers.add(DirectoryReader.open(w));
        }
      }
      return new MultiReader(readers.toArray(new IndexReader[0]), true);
    } catch (IOException | RuntimeException e) {
      for (IndexReader r : readers) {
        r.close();
      }
      throw e;
    }
  }

  private static Hit hit(Document d) {
    org.apache.lucene.util.BytesRef b = d.getBinaryValue("_source");
    return new Hit(d.get("_id"), d.getField("_ts").numericValue().longValue(),
        new String(b.bytes, b.offset, b.length, StandardCharsets.UTF_8));
  }

  private Query parse(String q) {
    if (q == null || q.isBlank()) {
      return new MatchAllDocsQuery();
    }
    QueryParser parser = new NumericRanges("message", analyzer);
    parser.setAllowLeadingWildcard(true);
    try {
      return parser.parse(q);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException("bad query: " + e.getMessage(), e);
    }
  }

  /**
   * Lucene's classic syntax, with ranges whose bounds are numbers (or {@code *}) compared as
   * numbers on the {@code #num} points; other ranges stay ranges of text.
   */
  private static final class NumericRanges extends QueryParser {
    NumericRanges(String field, Analyzer a) {
      super(field, a);
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
        boolean endInclusive) throws ParseException {
      double lo = part1 == null || "*".equals(part1) ? Double.NEGATIVE_INFINITY : number(part1);
      double hi = part2 == null || "*".equals(part2) ? Double.POSITIVE_INFINITY : number(part2);
      boolean open = Double.isInfinite(lo) && Double.isInfinite(hi);
      if (Double.isNaN(lo) || Double.isNaN(hi) || open || TEXT_FIELDS.contains(field)) {
        return super.getRangeQuery(field, part1, part2, startInclusive, endInclusive);
      }
      if (!startInclusive) {
        lo = Math.nextUp(lo);
      }
      if (!endInclusive) {
        hi = Math.nextDown(hi);
      }
      return org.apache.lucene.document.DoublePoint.newRangeQuery(field + NUM, lo, hi);
    }
  }

  /**
   * Drops whole day partitions: those received before {@code oldestDay}, then the oldest ones while
   * the store is larger than {@code maxBytes} (0: no size limit). Never drops today's.
   */
  public synchronized List<String> applyRetention(LocalDate oldestDay, long maxBytes, LocalDate today)
      throws IOException {
    List<String> dropped = new ArrayList<>();
    for (String day : new ArrayList<>(writers.keySet())) {
      if (LocalDate.parse(day).isBefore(oldestDay) && !day.equals(today.toString())) {
        drop(day);
        dropped.add(day);
      }
    }
    while (maxBytes > 0 && sizeBytes() > maxBytes && writers.size() > 1) {
      String oldest = writers.firstKey();
      if (oldest.equals(today.toString())) {
        break;
      }
      drop(oldest);
      dropped.add(oldest);
    }
    return dropped;
  }

  private void drop(String day) throws IOException {
    IndexWriter w = writers.remove(day);
    w.rollback();
    Path p = dir.resolve(day);
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** The partitions (days), oldest first. */
  public synchronized List<String> partitions() {
    return new ArrayList<>(writers.keySet());
  }

  /** Bytes on disk. */
  public synchronized long sizeBytes() throws IOException {
    long n = 0;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        try {
          n += Files.size(f);
        } catch (IOException e) {
          // a file Lucene just deleted
        }
      }
    }
    return n;
  }

  private IndexWriter writer(String day) throws IOException {
    IndexWriter w = writers.get(day);
    if (w == null) {
      IndexWriterConfig c = new IndexWriterConfig(analyzer);
      c.setRAMBufferSizeMB(32);
      w = new IndexWriter(FSDirectory.open(dir.resolve(day)), c);
      writers.put(day, w);
    }
    return w;
  }

  @Override
  public synchronized void close() throws IOException {
    for (IndexWriter w : writers.values()) {
      w.close();
    }
    writers.clear();
  }

  /** The event as one flat JSON object (dotted names, as they are in the event). */
  public static byte[] toJson(Event event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      event.forEach((name, value) -> {
        try {
          g.writeFieldName(name);
          writeValue(g, value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        writeValue(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Long n) {
      g.writeNumber(n);
    } else if (v instanceof Double n) {
      g.writeNumber(n);
    } else if (v instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v == null || v == NullValue.NULL) {
      g.writeNull();
    } else {
      g.writeString(v.toString());
    }
  }
}
