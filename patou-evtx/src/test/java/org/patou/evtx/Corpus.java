package org.patou.evtx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.event.JsonEventReader;

/** Helpers shared by the corpus tests. */
final class Corpus {
  private static final Pattern TIMESTAMP = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6})\\d*Z");

  private Corpus() {}

  /** Every {@code .evtx} under {@code dir}, sorted. */
  static List<Path> evtxFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".evtx")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All records of a file, single-threaded, failing on any warning. */
  static List<EvtxRecord> read(Path file, List<EvtxWarning> warnings) {
    List<EvtxRecord> out = new ArrayList<>();
    try (EvtxFile f = EvtxFile.open(file)) {
      f.records(EvtxOptions.singleThreaded().withWarnings(warnings::add), out::add);
    }
    return out;
  }

  /** Events of JSON text holding one or several objects. */
  static List<Event> events(String json) {
    List<Event> out = new ArrayList<>();
    try {
      new JsonEventReader()
          .readAll(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The event with strings trimmed and timestamps cut to 6 fraction digits: how the regression
   * JSON (made by an older converter) is compared.
   */
  static Event normalized(Event e) {
    EventBuilder b = new EventBuilder();
    e.forEach((k, v) -> b.add(k, normalize(v)));
    return b.build();
  }

  private static Object normalize(Object v) {
    if (v instanceof String s) {
      return TIMESTAMP.matcher(s.trim()).replaceAll("$1Z");
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Corpus::normalize).toList();
    }
    return v;
  }

  /** A readable list of the fields that differ. */
  static String diff(Event expected, Event actual) {
    StringBuilder sb = new StringBuilder();
    expected.forEach(
        (k, v) -> {
          Object a = actual.get(k);
          if (!v.equals(a)) {
            sb.append("\n  ").append(k).append(": expected <").append(v).append("> (")
                .append(v.getClass().getSimpleName()).append(") but was <").append(a).append('>');
          }
        });
    actual.forEach(
        (k, v) -> {
          if (expected.get(k) == null) {
            sb.append("\n  ").append(k).append(": unexpected <").append(v).append('>');
          }
        });
    return sb.toString();
  }
}
