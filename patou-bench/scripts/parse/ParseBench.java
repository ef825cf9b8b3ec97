// Run by bench-parse.sh (java source launcher); not part of the Maven build.
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.ZoneOffset;
import java.util.*;
import org.patou.parse.RecordParser;
import org.patou.store.WalRecord;

/** Parse-only cost per record (syslog lines from the sshd sample, JSON records): best of 7 rounds. */
public class ParseBench {
  public static void main(String[] a) throws Exception {
    List<WalRecord> lines = new ArrayList<>();
    List<WalRecord> json = new ArrayList<>();
    List<String> src = Files.readAllLines(Path.of(a[0]), StandardCharsets.UTF_8);
    for (int i = 0; lines.size() < 200_000; i++) {
      String l = src.get(i % src.size());
      if (!l.isBlank()) lines.add(new WalRecord(i, WalRecord.LINE, 1_764_151_200_000L, "syslog-tcp", l.getBytes(StandardCharsets.UTF_8)));
    }
    String j = "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"host\":{\"name\":\"w1\"},\"winlog\":{\"channel\":\"Security\",\"event_id\":4625,\"event_data\":{\"TargetUserName\":\"bob\",\"IpAddress\":\"10.0.0.%d\"}},\"event\":{\"code\":\"4625\"}}";
    for (int i = 0; i < 200_000; i++) json.add(new WalRecord(i, WalRecord.JSON, 1_764_151_200_000L, "http", String.format(Locale.ROOT, j, i % 250).getBytes(StandardCharsets.UTF_8)));
    List<WalRecord> zeek = new ArrayList<>();
    List<WalRecord> eve = new ArrayList<>();
    if (a.length > 1) {
      List<String> z = Files.readAllLines(Path.of(a[1]), StandardCharsets.UTF_8);
      for (int k = 0; k < 10; k++) for (String l : z) zeek.add(new WalRecord(0, WalRecord.LINE, 0, "file:x", l.getBytes(StandardCharsets.UTF_8)));
      List<String> e = Files.readAllLines(Path.of(a[2]), StandardCharsets.UTF_8);
      for (int i = 0; eve.size() < 100_000; i++) eve.add(new WalRecord(0, WalRecord.JSON, 0, "http", e.get(i % e.size()).getBytes(StandardCharsets.UTF_8)));
    }
    RecordParser p = new RecordParser(ZoneOffset.UTC);
    for (String kind : a.length > 1 ? new String[] {"syslog", "json", "zeek-conn-tsv", "suricata-eve"} : new String[] {"syslog", "json"}) {
      List<WalRecord> rs = kind.equals("syslog") ? lines : kind.equals("json") ? json : kind.equals("zeek-conn-tsv") ? zeek : eve;
      long best = Long.MAX_VALUE; long sink = 0;
      for (int round = 0; round < 7; round++) {
        long t0 = System.nanoTime();
        for (WalRecord r : rs) sink += p.parse(r).event().size();
        best = Math.min(best, System.nanoTime() - t0);
      }
      System.out.printf(Locale.ROOT, "%s: %.0f ns/record (best of 7 x %d), %d%n", kind, best / (double) rs.size(), rs.size(), sink % 7);
    }
  }
}
