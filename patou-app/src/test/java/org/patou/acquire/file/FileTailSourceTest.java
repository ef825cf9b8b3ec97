package org.patou.acquire.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.runtime.EventProcessor;
import org.patou.runtime.LiveRules;
import org.patou.runtime.Pipeline;
import org.patou.store.AlertStore;
import org.patou.store.Checkpoint;
import org.patou.store.EventStore;
import org.patou.store.StateDb;
import org.patou.store.Wal;

/** Rename rotation, copytruncate, restart: every line once, in order per file. */
class FileTailSourceTest {
  @TempDir Path dir;
  StateDb db;
  EventStore store;
  Wal wal;
  Pipeline pipeline;
  Path logs;
  Path log;
  FileConfig config;
  final List<String> written = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = new StateDb(dir);
    store = new EventStore(dir.resolve("events"));
    wal = new Wal(dir.resolve("wal"), 1 << 20);
    LiveRules rules = new LiveRules(null);
    rules.reload();
    AlertStore alerts = new AlertStore(db);
    pipeline = new Pipeline(wal, new Checkpoint(dir.resolve("checkpoint")), store,
        m -> new EventProcessor(ZoneOffset.UTC, List.of(), rules, store, alerts, m), 4096, 50);
    pipeline.start();
    logs = Files.createDirectories(dir.resolve("logs"));
    log = logs.resolve("app.log");
    config = new FileConfig(List.of(logs.resolve("app.log*").toString()), dir.resolve("positions"), 3_600_000, 1024);
  }

  @AfterEach
  void close() throws IOException {
    pipeline.close();
    wal.close();
    store.close();
    db.close();
  }

  private void append(Path p, String... lines) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append('\n');
      written.add(l);
    }
    Files.writeString(p, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<String> stored() throws Exception {
    pipeline.awaitIdle(10_000);
    List<String> out = new ArrayList<>();
    for (EventStore.Hit h : store.search("", Long.MIN_VALUE, Long.MAX_VALUE, 10_000).hits()) {
      out.add(h.sourceJson().replaceAll(".*\"event.original\":\"([^\"]*)\".*", "$1"));
    }
    return out;
  }

  @Test
  void renameRotationCopytruncateAndRestart() throws Exception {
    FileTailSource s = new FileTailSource(config);
    s.start(pipeline);
    append(log, "l1 one", "l2 two");
    Files.writeString(log, "l3 par", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // no newline yet
    s.pollOnce();
    assertThat(stored()).containsExactlyInAnyOrder("l1 one", "l2 two");
    Files.writeString(log, "tial\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    written.add("l3 partial");
    append(log, "l4 before-rotation");
    // rename rotation: more lines land in the old file after the rename, before the new one exists
    Files.move(log, logs.resolve("app.log.1"));
    append(logs.resolve("app.log.1"), "l5 late-in-old");
    append(log, "l6 new-file");
    s.pollOnce();
    assertThat(stored()).containsExactlyInAnyOrderElementsOf(written);
    // the rotated file goes away (compressed, deleted): nothing lost, nothing repeated
    Files.delete(logs.resolve("app.log.1"));
    s.pollOnce();
    // copytruncate
    append(log, "l7 before-copy");
    s.pollOnce();
    Files.copy(log, logs.resolve("copy.bak"));
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    append(log, "l8 after-truncate");
    s.pollOnce();
    assertThat(stored()).containsExactlyInAnyOrderElementsOf(written);
    // restart: positions are kept
    s.close();
    append(log, "l9 while-down", "l10 while-down-too");
    FileTailSource again = new FileTailSource(config);
    again.start(pipeline);
    again.pollOnce();
    again.close();
    List<String> all = stored();
    assertThat(all).hasSameSizeAs(written).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void overlongLinesAreSkippedAndCounted() throws Exception {
    FileTailSource s = new FileTailSource(config);
    s.start(pipeline);
    Files.writeString(log, "x".repeat(5000) + "\nshort one\n", StandardCharsets.UTF_8);
    s.pollOnce();
    s.close();
    assertThat(stored()).containsExactly("short one");
    assertThat(pipeline.metrics(FileTailSource.NAME).rejected.sum()).isEqualTo(1);
  }

  @Test
  void resumingInsideAFileHandsItsLeadingCommentLinesAgainUnderItsOwnStream() throws Exception {
    FileTailSource s = new FileTailSource(config);
    s.start(pipeline);
    append(log, "#separator \\x09", "#fields\ta\tb", "1\t2");
    s.pollOnce();
    s.close();
    assertThat(stored()).containsExactlyInAnyOrder("#separator \\\\x09", "#fields\\ta\\tb", "1\\t2");
    append(log, "3\t4");
    FileTailSource again = new FileTailSource(config);
    again.start(pipeline);
    again.pollOnce();
    again.close();
    // the header again, then the new line; nothing else read twice
    assertThat(stored()).containsExactlyInAnyOrder("#separator \\\\x09", "#fields\\ta\\tb", "1\\t2",
        "#separator \\\\x09", "#fields\\ta\\tb", "3\\t4");
    assertThat(pipeline.metrics(FileTailSource.NAME).received.sum()).isEqualTo(6);
  }

  @Test
  void leadingCommentsStopAtTheFirstOtherOrIncompleteLine() throws Exception {
    Files.writeString(log, "#a\r\n#b\ndata\n#c\n", StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(log)) {
      assertThat(FileTailSource.leadingComments(ch, 100)).extracting(b -> new String(b, StandardCharsets.UTF_8))
          .containsExactly("#a", "#b");
      assertThat(FileTailSource.leadingComments(ch, 5)).extracting(b -> new String(b, StandardCharsets.UTF_8))
          .containsExactly("#a");
    }
    Files.writeString(log, "no comment\n", StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(log)) {
      assertThat(FileTailSource.leadingComments(ch, 100)).isNull();
    }
  }
}
