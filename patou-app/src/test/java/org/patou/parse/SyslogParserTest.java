package org.patou.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.patou.event.Event;
import org.patou.testkit.SharedData;

class SyslogParserTest {
  static final ZonedDateTime REF = ZonedDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  final SyslogParser p = new SyslogParser(ZoneOffset.UTC, REF);

  @Test
  void rfc3164SshdInvalidUser() {
    Event e = p.parse("Feb 12 14:10:21 sd-126005 sshd[16378]: Invalid user pascal from 35.188.49.176 port 53502");
    assertThat(e.get("@timestamp")).isEqualTo("2024-02-12T14:10:21Z");
    assertThat(e.get("host.name")).isEqualTo("sd-126005");
    assertThat(e.get("process.name")).isEqualTo("sshd");
    assertThat(e.get("process.pid")).isEqualTo(16378L);
    assertThat(e.get("message")).isEqualTo("Invalid user pascal from 35.188.49.176 port 53502");
    assertThat(e.get("event.original")).asString().startsWith("Feb 12 14:10:21");
    assertThat(e.get("user.name")).isEqualTo("pascal");
    assertThat(e.get("source.ip")).isEqualTo("35.188.49.176");
    assertThat(e.get("source.port")).isEqualTo(53502L);
    assertThat(e.get("event.outcome")).isEqualTo("failure");
    assertThat(e.get("event.category")).isEqualTo(List.of("authentication"));
  }

  @Test
  void yearRollsBackForFutureDates() {
    Event e = p.parse("Dec 31 23:59:59 h sshd[1]: Connection closed by 1.2.3.4 port 22");
    assertThat(e.get("@timestamp")).isEqualTo("2023-12-31T23:59:59Z");
    Event paris = new SyslogParser(ZoneId.of("Europe/Paris"), REF).parse("Mar  5 10:00:00 h su[2]: (to root) bob on pts/0");
    assertThat(paris.get("@timestamp")).isEqualTo("2024-03-05T09:00:00Z");
    assertThat(paris.get("user.name")).isEqualTo("bob");
    assertThat(paris.get("user.effective.name")).isEqualTo("root");
    assertThat(paris.get("event.outcome")).isEqualTo("success");
  }

  @Test
  void acceptedAndFailedPasswords() {
    Event ok = p.parse("Sep  6 10:00:56 bullseye sshd[12032]: Accepted password for test from 192.168.121.1 port 43124 ssh2");
    assertThat(ok.get("event.outcome")).isEqualTo("success");
    assertThat(ok.get("user.name")).isEqualTo("test");
    assertThat(ok.get("event.type")).isEqualTo(List.of("start"));
    Event ko = p.parse("Sep  6 10:00:56 bullseye sshd[12032]: Failed password for invalid user admin from 2001:db8::1 port 43124 ssh2");
    assertThat(ko.get("event.outcome")).isEqualTo("failure");
    assertThat(ko.get("user.name")).isEqualTo("admin");
    assertThat(ko.get("source.ip")).isEqualTo("2001:db8::1");
  }

  @Test
  void pamFailureAndSessions() {
    Event e = p.parse("Nov 2 15:40:14 workshop sshd[28179]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.33.63.160 user=workshop");
    assertThat(e.get("host.name")).isEqualTo("workshop");
    assertThat(e.get("source.ip")).isEqualTo("5.33.63.160");
    assertThat(e.get("user.name")).isEqualTo("workshop");
    assertThat(e.get("event.outcome")).isEqualTo("failure");
    Event s = p.parse("May 1 10:00:00 box su[99]: pam_unix(su:session): session opened for user root(uid=0) by alice(uid=1000)");
    assertThat(s.get("user.name")).isEqualTo("alice");
    assertThat(s.get("user.effective.name")).isEqualTo("root");
    assertThat(s.get("event.category")).isEqualTo(List.of("session"));
  }

  @Test
  void sudoCommand() {
    Event e = p.parse("May  1 10:00:00 box sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u");
    assertThat(e.get("process.name")).isEqualTo("sudo");
    assertThat(e.get("user.name")).isEqualTo("alice");
    assertThat(e.get("user.effective.name")).isEqualTo("root");
    assertThat(e.get("process.command_line")).isEqualTo("/usr/bin/id -u");
    assertThat(e.get("process.executable")).isEqualTo("/usr/bin/id");
    assertThat(e.get("event.dataset")).isEqualTo("system.auth");
    assertThat(e.get("event.outcome")).isEqualTo("success");
    Event no = p.parse("May  1 10:00:00 box sudo:  mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh");
    assertThat(no.get("event.outcome")).isEqualTo("failure");
    assertThat(no.get("user.name")).isEqualTo("mallory");
  }

  @Test
  void rfc5424() {
    Event e = p.parse("<38>1 2024-03-01T10:11:12.345+01:00 host1 sshd 4242 - [origin ip=\"10.0.0.1\"] Accepted publickey for bob from 10.0.0.9 port 5000 ssh2");
    assertThat(e.get("@timestamp")).isEqualTo("2024-03-01T09:11:12.345Z");
    assertThat(e.get("log.syslog.priority")).isEqualTo(38L);
    assertThat(e.get("log.syslog.facility.code")).isEqualTo(4L);
    assertThat(e.get("log.syslog.severity.code")).isEqualTo(6L);
    assertThat(e.get("host.name")).isEqualTo("host1");
    assertThat(e.get("process.pid")).isEqualTo(4242L);
    assertThat(e.get("log.syslog.structured_data")).isEqualTo("[origin ip=\"10.0.0.1\"]");
    assertThat(e.get("user.name")).isEqualTo("bob");
    assertThat(e.get("event.outcome")).isEqualTo("success");
  }

  @Test
  void rsyslogHighPrecisionAndPriority() {
    Event e = p.parse("2024-03-01T10:11:12.123456+00:00 web-1 sshd[7]: Connection closed by invalid user x 1.2.3.4 port 1 [preauth]");
    assertThat(e.get("@timestamp")).isEqualTo("2024-03-01T10:11:12.123Z");
    assertThat(e.get("user.name")).isEqualTo("x");
    Event pri = p.parse("<86>Jan  2 03:04:05 h CRON[5]: pam_unix(cron:session): session closed for user root");
    assertThat(pri.get("log.syslog.priority")).isEqualTo(86L);
    assertThat(pri.get("user.name")).isEqualTo("root");
  }

  @Test
  void unknownLinesKeepTheMessage() {
    Event e = p.parse("2022/05/06 04:53:57 [190.2.139.67:58629] [channel 106] closed");
    assertThat(e.get("message")).isEqualTo("2022/05/06 04:53:57 [190.2.139.67:58629] [channel 106] closed");
    assertThat(e.get("event.original")).isEqualTo(e.get("message"));
    assertThat(e.get("host.name")).isNull();
  }

  /** Every line of the CrowdSec sshd samples gets a header and, for sshd, its source address. */
  @TestFactory
  Stream<DynamicTest> crowdsecSshdSamples() throws IOException {
    Path tests = SharedData.require("auth/crowdsec-hub-tests/tests");
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(tests)) {
      s.filter(f -> f.toString().endsWith(".log") && f.getParent().getFileName().toString().startsWith("ssh")
              && !f.getParent().getFileName().toString().equals("sshesame"))
          .sorted()
          .forEach(logs::add);
    }
    assertThat(logs).hasSizeGreaterThan(5);
    return logs.stream().map(f -> DynamicTest.dynamicTest(tests.relativize(f).toString(), () -> {
      int sshd = 0;
      java.util.regex.Pattern ipv4 = java.util.regex.Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");
      for (String line : Files.readAllLines(f)) {
        if (line.isBlank()) {
          continue;
        }
        Event e = p.parse(line);
        assertThat(e.get("host.name")).as(line).isNotNull();
        assertThat(e.get("@timestamp")).as(line).isNotNull();
        if (String.valueOf(e.get("process.name")).startsWith("sshd")) {
          sshd++;
          // A line that names an IPv4 address gets it as source.ip.
          java.util.regex.Matcher m = ipv4.matcher(String.valueOf(e.get("message")));
          if (m.find()) {
            assertThat(String.valueOf(e.get("source.ip"))).as(line).endsWith(m.group());
          }
        }
      }
      assertThat(sshd).isPositive();
    }));
  }

  static final String ALPHABET = " :[]<>=;\"\\0123456789.abcfrom port user for()";

  /** The parser never throws: random, huge, binary and near-syslog lines (seeded; seed printed). */
  @TestFactory
  Stream<DynamicTest> neverThrows() {
    long base = Long.getLong("patou.seed", 0x5eed_2026L);
    return Stream.iterate(0, i -> i + 1).limit(20).map(i -> {
      long seed = base + i;
      return DynamicTest.dynamicTest("seed " + seed, () -> {
        Random rnd = new Random(seed);
        String[] prefixes = {"", "<", "<13>", "<13>1 ", "<999>", "Feb 12 14:10:21 ", "Feb 30 14:10:21 h ", "2024-03-01T10:11:12Z ",
            "Feb 12 14:10:21 h sshd[", "Feb 12 14:10:21 h sshd[1]: Accepted ", "Feb 12 14:10:21 h sudo: u : TTY=",
            "<13>1 - - - - - [", "<13>1 2024-13-45T99:99:99Z h a p m [x y=\"", "Feb 12 14:10:21 h sshd[99999999999999999999]: "};
        for (int n = 0; n < 500; n++) {
          StringBuilder sb = new StringBuilder(prefixes[rnd.nextInt(prefixes.length)]);
          int len = rnd.nextInt(10) == 0 ? rnd.nextInt(200_000) : rnd.nextInt(200);
          int kind = rnd.nextInt(3);
          for (int k = 0; k < len; k++) {
            sb.append(switch (kind) {
              case 0 -> (char) rnd.nextInt(0x10000);
              case 1 -> ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
              default -> (char) rnd.nextInt(256);
            });
          }
          String line = sb.toString();
          try {
            Event e = p.parse(line);
            assertThat(e.get("event.original")).isNotNull();
          } catch (RuntimeException ex) {
            throw new AssertionError("seed " + seed + ", line " + n + " threw " + ex, ex);
          }
        }
      });
    });
  }

  @Test
  void lineReaderBoundsLinesAndDecodesBadUtf8() throws IOException {
    byte[] data = new byte[300_000];
    java.util.Arrays.fill(data, (byte) 'a');
    data[10] = (byte) 0xff;
    data[299_999] = '\n';
    InputStream in = new java.io.ByteArrayInputStream(concat(data, "second\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    LineReader r = new LineReader(in, 1000);
    String first = r.readLine();
    assertThat(first).hasSize(1000).contains("\uFFFD");
    assertThat(r.readLine()).isEqualTo("second");
    assertThat(r.readLine()).isNull();
    assertThat(r.lineNumber()).isEqualTo(2);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void sniffing() {
    assertThat(InputFormat.sniff("  {\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 9)).isEqualTo(InputFormat.JSON);
    assertThat(InputFormat.sniff("\n[{}]".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5)).isEqualTo(InputFormat.JSON);
    assertThat(InputFormat.sniff("[10/Oct/2023:13:55:36 +0000] GET /".getBytes(java.nio.charset.StandardCharsets.UTF_8), 34)).isEqualTo(InputFormat.TEXT);
    assertThat(InputFormat.sniff("[\n  {".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5)).isEqualTo(InputFormat.JSON);
    assertThat(InputFormat.sniff("Feb 1 x".getBytes(java.nio.charset.StandardCharsets.UTF_8), 7)).isEqualTo(InputFormat.TEXT);
    assertThat(InputFormat.sniff("ElfFile\0xxxx".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 12)).isEqualTo(InputFormat.EVTX);
    assertThat(InputFormat.sniff(new byte[100], 100)).isEqualTo(InputFormat.BINARY);
    assertThat(InputFormat.sniff(new byte[0], 0)).isEqualTo(InputFormat.EMPTY);
  }
}
