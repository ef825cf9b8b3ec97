package org.patou.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.decide.Allowlist;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.respond.DecisionStore;

/**
 * Live prevention on a real server (syslog TCP on 127.0.0.1): a decision goes to the enforcer
 * before any store commit, is persisted, escalates across restarts, is not taken twice when the
 * write-ahead log is replayed after a crash, and is lifted when it runs out.
 */
class LivePreventionTest {
  @TempDir Path tmp;

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void decisionIsEnforcedBeforeTheCommitAndNotTakenTwiceOnWalReplay() throws Exception {
    Path data1 = tmp.resolve("d1");
    RecordingEnforcer e1 = new RecordingEnforcer();
    try (LiveServer s = new LiveServer(data1, List.of(e1), Allowlist.EMPTY, 5000)) {
      e1.committed = s.server.pipeline()::lastCommitted;
      s.send(LiveServer.bruteForce("198.51.100.9", 6));
      assertThat(e1.applied).extracting(Decision::value).containsExactly("198.51.100.9");
      // The 4th failure within the hour tips ssh-time-based-bf, before ssh-bf (6 within ~10 s).
      assertThat(e1.applied.get(0).scenario()).isEqualTo("ssh-time-based-bf");
      assertThat(e1.applied.get(0).events()).isEqualTo(4);
      // Applied before the store committed the 4th record (WAL sequence 4): no wait for a commit.
      assertThat(e1.committedAtApply.get(0)).as("last committed record when the decision was applied").isLessThan(4);
      assertThat(s.prevention.decisions()).isEqualTo(1);
      assertThat(s.server.alerts().search("", 0, Long.MAX_VALUE, 10).alerts())
          .anyMatch(a -> a.ruleId().equals("scenario:ssh-time-based-bf") && a.ruleTitle().contains("198.51.100.9"));
      // The "crash" before the checkpoint covered these records: the write-ahead log (its current
      // segment is never deleted) without the checkpoint, and the decision store as it is now.
      copyTree(data1.resolve("server/wal"), tmp.resolve("d2/server/wal"));
      copyTree(data1.resolve("server/wal"), tmp.resolve("d3/server/wal"));
      Files.copy(data1.resolve("patou.mv.db"), tmp.resolve("d2/patou.mv.db"));
      Files.createDirectories(tmp.resolve("d4"));
      Files.copy(data1.resolve("patou.mv.db"), tmp.resolve("d4/patou.mv.db"));
    }

    // Restart on the crashed state: the WAL is replayed, the decision already stored is neither
    // taken again nor re-applied; the enforcer is rebuilt once from the store.
    RecordingEnforcer e2 = new RecordingEnforcer();
    try (LiveServer s = new LiveServer(tmp.resolve("d2"), List.of(e2), Allowlist.EMPTY, 1000)) {
      assertThat(s.server.replayed()).as("WAL records replayed").isEqualTo(6);
      assertThat(s.prevention.replayed()).as("replayed alert recognised").isPositive();
      assertThat(e2.reconciled).hasSize(1);
      assertThat(e2.reconciled.get(0)).extracting(Decision::value).containsExactly("198.51.100.9");
      assertThat(e2.applied).isEmpty();
      s.send(LiveServer.bruteForce("198.51.100.10", 6));
      assertThat(e2.applied).extracting(Decision::value).containsExactly("198.51.100.10");
    }
    try (DecisionStore store = new DecisionStore(tmp.resolve("d2"))) {
      assertThat(store.all()).extracting(Decision::value).containsExactly("198.51.100.9", "198.51.100.10");
    }

    // A clean restart, and the attacker goes on: the stored decision still runs, no second one.
    RecordingEnforcer e4 = new RecordingEnforcer();
    try (LiveServer s = new LiveServer(tmp.resolve("d4"), List.of(e4), Allowlist.EMPTY, 1000)) {
      s.send(LiveServer.bruteForce("198.51.100.9", 6));
      assertThat(e4.applied).isEmpty();
      assertThat(s.prevention.covered()).isPositive();
    }

    // Control: the same WAL without the stored decision decides during the replay.
    RecordingEnforcer e3 = new RecordingEnforcer();
    try (LiveServer s = new LiveServer(tmp.resolve("d3"), List.of(e3), Allowlist.EMPTY, 1000)) {
      s.prevention.enforcement().awaitIdle(10_000);
      assertThat(s.server.replayed()).isEqualTo(6);
      assertThat(e3.applied).extracting(Decision::value).containsExactly("198.51.100.9");
    }
  }

  @Test
  void repeatOffenderEscalatesAcrossRestartsAndExpiredDecisionsAreLifted() throws Exception {
    Path data = tmp.resolve("d");
    try (DecisionStore store = new DecisionStore(data)) {
      // An old, expired decision on the same address: the next one is its second offence.
      Instant past = Instant.now().minus(Duration.ofDays(1));
      store.add(new Decision(0, "ban", Scope.IP, "198.51.100.7", "ssh-bf", "", "patou", past, past.plusSeconds(60),
          6, 1, false));
      // One that runs out while the server runs: the enforcer is told.
      Instant now = Instant.now();
      store.add(new Decision(0, "ban", Scope.IP, "198.51.100.8", "manual", "", "cli", now, now.plusSeconds(8),
          0, 1, false));
    }
    RecordingEnforcer e = new RecordingEnforcer();
    long refused;
    try (LiveServer s = new LiveServer(data, List.of(e), Allowlist.of(List.of("198.51.100.200")), 1000)) {
      s.send(LiveServer.bruteForce("198.51.100.7", 6));
      s.send(LiveServer.bruteForce("198.51.100.200", 6));
      assertThat(e.applied).hasSize(1);
      Decision d = e.applied.get(0);
      assertThat(d.offence()).isEqualTo(2);
      assertThat(d.duration()).isEqualTo(Duration.ofHours(16)); // 4h x 4
      assertThat(s.prevention.refused()).isPositive();
      refused = s.prevention.refused();
      long end = System.currentTimeMillis() + 20_000;
      while (e.removed.isEmpty() && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      assertThat(e.removed).extracting(Decision::value).containsExactly("198.51.100.8");
    }
    try (DecisionStore store = new DecisionStore(data)) {
      assertThat(store.refusals()).isEqualTo(refused);
      assertThat(store.active(Instant.now())).extracting(Decision::value).containsExactly("198.51.100.7");
    }
  }
}
