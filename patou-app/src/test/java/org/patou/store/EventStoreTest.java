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
