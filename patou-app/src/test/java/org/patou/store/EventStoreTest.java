package org.patou.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.event.EventBuilder;

class EventStoreTest {
  @TempDir Path dir;

  private static long at(String day) {
    return LocalDate.parse(day).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 3_600_000;
  }

  @Test
  void rangesOnNumbersCompareNumbersAndOtherRangesStayText() throws IOException {
    try (EventStore s = new EventStore(dir)) {
      Object[][] rows = {{22L, "9"}, {443L, "10"}, {8080L, "100"}, {"1023", "abc"}, {3.5, "x"}};
      int id = 0;
      for (Object[] r : rows) {
        s.add(Integer.toString(++id), at("2026-11-26"), at("2026-11-26") + id, false,
            new EventBuilder().add("destination.port", r[0]).add("label", r[1]).add("message", "m").build());
      }
      long t = Long.MAX_VALUE;
      assertThat(s.search("destination.port:[1 TO 1023]", Long.MIN_VALUE, t, 10).hits())
          .extracting(EventStore.Hit::id).containsExactlyInAnyOrder("1", "2", "4", "5"); // "1023" text counts too
      assertThat(s.search("destination.port:{443 TO *]", Long.MIN_VALUE, t, 10).hits())
          .extracting(EventStore.Hit::id).containsExactlyInAnyOrder("3", "4");
      assertThat(s.search("destination.port:[* TO 3.5}", Long.MIN_VALUE, t, 10).total()).isZero();
      assertThat(s.search("destination.port:[3 TO 4]", Long.MIN_VALUE, t, 10).hits())
          .extracting(EventStore.Hit::id).containsExactly("5");
      // the exact value still matches as a keyword
      assertThat(s.search("destination.port:8080", Long.MIN_VALUE, t, 10).total()).isEqualTo(1);
      // numeric text compares as numbers (as text "9" would sort after "100")
      assertThat(s.search("label:[9 TO 100]", Long.MIN_VALUE, t, 10).total()).isEqualTo(3);
      // text bounds: a range of text
      assertThat(s.search("label:[a TO b]", Long.MIN_VALUE, t, 10).total()).isEqualTo(1);
    }
    assertThat(EventStore.number("-12")).isEqualTo(-12.0);
    assertThat(EventStore.number("1e5")).isNaN();
    assertThat(EventStore.number("0x10")).isNaN();
    assertThat(EventStore.number("1.")).isNaN();
    assertThat(EventStore.number("-")).isNaN();
  }

  @Test
  void dayPartitionsSearchAndRetention() throws IOException {
    try (EventStore s = new EventStore(dir)) {
      int id = 0;
      for (String day : new String[] {"2026-11-20", "2026-11-24", "2026-11-26"}) {
        for (int i = 0; i < 3; i++) {
          s.add(Integer.toString(++id), at(day), at(day) + i, false, new EventBuilder()
              .add("host.name", "h-" + day).add("message", "Failed password for root").add("n", (long) i).build());
        }
      }
      assertThat(s.partitions()).containsExactly("2026-11-20", "2026-11-24", "2026-11-26");
      assertThat(s.search("", Long.MIN_VALUE, Long.MAX_VALUE, 5).total()).isEqualTo(9);
      assertThat(s.search("password AND n:2", Long.MIN_VALUE, Long.MAX_VALUE, 5).total()).isEqualTo(3);
      EventStore.Page p = s.search("host.name:h-2026-11-24", Long.MIN_VALUE, Long.MAX_VALUE, 10);
      assertThat(p.hits()).extracting(EventStore.Hit::id).containsExactly("6", "5", "4"); // newest first
      assertThat(s.search("", at("2026-11-24"), at("2026-11-24") + 1, 10).total()).isEqualTo(2);
      assertThatThrownBy(() -> s.search("((", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
      // replay is idempotent: the same id replaces
      s.add("1", at("2026-11-20"), at("2026-11-20"), false, new EventBuilder().add("host.name", "h-2026-11-20").build());
      assertThat(s.search("host.name:h-2026-11-20", Long.MIN_VALUE, Long.MAX_VALUE, 0).total()).isEqualTo(3);
      s.commit();
      LocalDate today = LocalDate.parse("2026-11-26");
      assertThat(s.applyRetention(today.minusDays(5), 0, today)).containsExactly("2026-11-20");
      assertThat(s.partitions()).containsExactly("2026-11-24", "2026-11-26");
      assertThat(s.applyRetention(today.minusDays(30), 1, today)).containsExactly("2026-11-24");
      assertThat(s.partitions()).containsExactly("2026-11-26"); // today is never dropped
      assertThat(s.search("", Long.MIN_VALUE, Long.MAX_VALUE, 0).total()).isEqualTo(3);
    }
    try (EventStore s = new EventStore(dir)) {
      assertThat(s.search("", Long.MIN_VALUE, Long.MAX_VALUE, 0).total()).isEqualTo(3);
    }
  }
}
