package org.patou.evtx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.event.Event;
import org.patou.evtx.SyntheticEvtx.Sub;

/**
 * Every substitution value type, arrays and their expansion, nested BinXML, CDATA, character and
 * entity references and processing instructions, in a hand-written file; checked against expected
 * values and, when present, against the reference reader.
 */
class ValueTypesTest {
  @TempDir static Path tmp;
  static Path file;
  /** The same without CDATA and PI, which the reference reader does not implement. */
  static Path plainFile;
  static EvtxRecord record;

  static byte[] sid() {
    byte[] b = new byte[8 + 4 * 5];
    b[0] = 1;
    b[1] = 5;
    b[7] = 5;
    long[] subs = {21, 1, 2, 3, 500};
    for (int i = 0; i < 5; i++) {
      System.arraycopy(SyntheticEvtx.le(subs[i], 4), 0, b, 8 + 4 * i, 4);
    }
    return b;
  }

  static byte[] systemtime() {
    int[] f = {2021, 3, 4, 4, 5, 6, 7, 89};
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      System.arraycopy(SyntheticEvtx.le(f[i], 2), 0, b, 2 * i, 2);
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.write(p, 0, p.length);
    }
    return o.toByteArray();
  }

  static byte[] nested(int at) {
    SyntheticEvtx.Writer w = new SyntheticEvtx.Writer(at);
    w.u8(0x0f).u8(1).u8(1).u8(0);
    w.open("Inner", false, false).u8(0x02).text("deep").u8(0x04);
    w.u8(0x00);
    return w.toBytes();
  }

  static final long FILETIME = 132_537_600_001_234_567L;

  @BeforeAll
  static void write() throws Exception {
    List<Sub> subs = new ArrayList<>();
    subs.add(new Sub(0x03, SyntheticEvtx.le(-5, 1))); // t0
    subs.add(new Sub(0x04, SyntheticEvtx.le(250, 1)));
    subs.add(new Sub(0x05, SyntheticEvtx.le(-300, 2)));
    subs.add(new Sub(0x06, SyntheticEvtx.le(65000, 2)));
    subs.add(new Sub(0x07, SyntheticEvtx.le(-70000, 4)));
    subs.add(new Sub(0x08, SyntheticEvtx.le(4294967295L, 4))); // t5
    subs.add(new Sub(0x09, SyntheticEvtx.le(-5_000_000_000L, 8)));
    subs.add(new Sub(0x0a, SyntheticEvtx.le(-1L, 8)));
    subs.add(new Sub(0x0b, SyntheticEvtx.le(Float.floatToIntBits(1.5f), 4)));
    subs.add(new Sub(0x0c, SyntheticEvtx.le(Double.doubleToLongBits(0.25), 8)));
    subs.add(new Sub(0x0d, SyntheticEvtx.le(1, 4))); // t10
    subs.add(new Sub(0x0e, new byte[] {0x0a, (byte) 0xff}));
    subs.add(new Sub(0x0f, concat(SyntheticEvtx.le(0x5770385FL, 4), SyntheticEvtx.le(0xC22A, 2),
        SyntheticEvtx.le(0x43E0, 2), new byte[] {(byte) 0xBF, 0x4C, 0x06, (byte) 0xF5, 0x69, (byte) 0x8F, (byte) 0xFB, (byte) 0xD9})));
    subs.add(new Sub(0x10, SyntheticEvtx.le(0x1234, 8)));
    subs.add(new Sub(0x11, SyntheticEvtx.le(FILETIME, 8)));
    subs.add(new Sub(0x12, systemtime())); // t15
    subs.add(new Sub(0x13, sid()));
    subs.add(new Sub(0x14, SyntheticEvtx.le(0xbeef, 4)));
    subs.add(new Sub(0x15, SyntheticEvtx.le(0x8000000000000000L, 8)));
    subs.add(new Sub(0x01, SyntheticEvtx.utf16("h\u00e9llo <w\u00f6rld> & \u2603")));
    subs.add(new Sub(0x02, new byte[] {'c', 'a', 'f', (byte) 0xe9, 0})); // t20
    subs.add(new Sub(0x00, new byte[0]));
    subs.add(new Sub(0x01, new byte[0], true, null));
    subs.add(new Sub(0x81, concat(SyntheticEvtx.utf16("a\0\0b\0"))));
    subs.add(new Sub(0x86, concat(SyntheticEvtx.le(1, 2), SyntheticEvtx.le(2, 2))));
    subs.add(new Sub(0x88, SyntheticEvtx.le(7, 4))); // t25
    byte[] nested0 = nested(0);
    subs.add(new Sub(0x21, nested0, false, ValueTypesTest::nested));
    subs.add(new Sub(0x94, concat(SyntheticEvtx.le(1, 4), SyntheticEvtx.le(255, 4))));
    subs.add(new Sub(0x8d, concat(SyntheticEvtx.le(1, 4), SyntheticEvtx.le(0, 4))));
    subs.add(new Sub(0x93, concat(sid(), sid())));
    subs.add(new Sub(0x0e, new byte[0], true, null)); // t30: optional empty binary
    byte[] binxml =
        SyntheticEvtx.record(
            536,
            subs,
            w -> {
              w.open("Extra", false, true).u8(0x02).text("x");
              w.u8(0x07).u16(3).bytes(SyntheticEvtx.utf16("c<d"));
              w.u8(0x08).u16(65);
              w.u8(0x09).name("amp");
              w.u8(0x0a).name("target").u8(0x0b).u16(4).bytes(SyntheticEvtx.utf16("data"));
              w.u8(0x04);
            });
    file = tmp.resolve("synthetic.evtx");
    Files.write(file, SyntheticEvtx.file(List.of(binxml)));
    plainFile = tmp.resolve("synthetic-plain.evtx");
    Files.write(plainFile, SyntheticEvtx.file(List.of(SyntheticEvtx.record(536, subs, null))));
    List<EvtxWarning> warnings = new ArrayList<>();
    List<EvtxRecord> recs = Corpus.read(file, warnings);
    assertThat(warnings).isEmpty();
    assertThat(recs).hasSize(1);
    record = recs.get(0);
  }

  @Test
  void valuesBecomeTypedFields() {
    Event e = record.event();
    String p = "Event.EventData.";
    assertThat(e.get(p + "t0")).isEqualTo(-5L);
    assertThat(e.get(p + "t1")).isEqualTo(250L);
    assertThat(e.get(p + "t2")).isEqualTo(-300L);
    assertThat(e.get(p + "t3")).isEqualTo(65000L);
    assertThat(e.get(p + "t4")).isEqualTo(-70000L);
    assertThat(e.get(p + "t5")).isEqualTo(4294967295L);
    assertThat(e.get(p + "t6")).isEqualTo(-5_000_000_000L);
    assertThat(e.get(p + "t7")).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(e.get(p + "t8")).isEqualTo("1.5");
    assertThat(e.get(p + "t9")).isEqualTo("0.25");
    assertThat(e.get(p + "t10")).isEqualTo(true);
    assertThat(e.get(p + "t11")).isEqualTo("0AFF");
    assertThat(e.get(p + "t12")).isEqualTo("5770385F-C22A-43E0-BF4C-06F5698FFBD9");
    assertThat(e.get(p + "t13")).isEqualTo("0x1234");
    Instant ft = Instant.ofEpochSecond(0, (FILETIME - 116_444_736_000_000_000L) * 100);
    assertThat(e.get(p + "t14")).isEqualTo(ft.toString().replace("Z", "").substring(0, 26) + "Z");
    assertThat(e.get(p + "t15")).isEqualTo("2021-03-04T05:06:07.089000Z");
    assertThat(e.get(p + "t16")).isEqualTo("S-1-5-21-1-2-3-500");
    assertThat(e.get(p + "t17")).isEqualTo("0xbeef");
    assertThat(e.get(p + "t18")).isEqualTo("0x8000000000000000");
    assertThat(e.get(p + "t19")).isEqualTo("h\u00e9llo <w\u00f6rld> & \u2603");
    assertThat(e.get(p + "t20")).isEqualTo("caf\u00e9");
    assertThat(e.get(p + "t21")).isEqualTo("");
    assertThat(e.get(p + "t22")).isEqualTo("");
    assertThat(e.get(p + "t23")).isEqualTo("b"); // repeated element: last wins, as in JsonEventReader
    assertThat(e.get(p + "t24")).isEqualTo(2L);
    assertThat(e.get(p + "t25")).isEqualTo("7"); // one-item array: not expanded, text
    assertThat(e.get(p + "t26.Inner")).isEqualTo("deep");
    assertThat(e.get(p + "t27")).isEqualTo("0xff");
    assertThat(e.get(p + "t28")).isEqualTo(false);
    assertThat(e.get(p + "t29")).isEqualTo("S-1-5-21-1-2-3-500");
    assertThat(e.get(p + "t30")).isEqualTo("");
    assertThat(e.get(p + "Extra")).isEqualTo("xc<d&#65;&");
    assertThat(record.channel()).isEqualTo("Synthetic");
    assertThat(record.eventId()).isEqualTo(42);
    assertThat(record.recordId()).isEqualTo(1);
  }

  @Test
  void xmlKeepsMarkupAndRepeatsArrayElements() {
    String xml = record.toXml();
    assertThat(xml).contains("<Data Name=\"t23\">a</Data>\n    <Data Name=\"t23\">\n    </Data>\n    <Data Name=\"t23\">b</Data>");
    assertThat(xml).contains("<Data Name=\"t19\">h\u00e9llo &lt;w\u00f6rld&gt; &amp; \u2603</Data>");
    assertThat(xml).contains("<Extra>x<![CDATA[c<d]]>&#65;&amp;<?target data?></Extra>");
    assertThat(xml).contains("<Data Name=\"t26\">\n      <Inner>deep</Inner>\n    </Data>");
  }

  @Test
  void matchesTheReferenceReader() throws Exception {
    Assumptions.assumeTrue(ReferenceDump.binary() != null, "skipped: ../shared/tools/evtx-rust/evtx_dump is absent");
    EvtxRecord plain = Corpus.read(plainFile, new ArrayList<>()).get(0);
    List<String> ref = ReferenceDump.jsonl(plainFile);
    assertThat(ref).hasSize(1);
    assertThat(plain.event()).isEqualTo(Corpus.events(ref.get(0)).get(0));
    String refXml = ReferenceDump.run(plainFile, "xml");
    assertThat("Record 1\n" + plain.toXml() + "\n").isEqualTo(refXml);
  }
}
