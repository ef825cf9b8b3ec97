package org.patou.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.hunt.LoadSummary;
import org.patou.hunt.SigmaEngine;
import org.patou.sigma.parse.Yaml;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleSource;
import org.patou.testkit.SharedData;

/** The on-disk cache of rule files' YAML documents: it may only save time, never change a load. */
class RuleDocCacheTest {
  @TempDir Path tmp;

  /** The bundled rules (a real tree, 3,750 files), plus files that do not read as YAML. */
  private static List<RuleSource> sources() throws IOException {
    List<RuleSource> out =
        new ArrayList<>(RuleTree.read(SharedData.projectRoot().resolve("rules/sigmahq")).sources());
    out.add(new RuleSource("bad/tabs.yml", "title: x\n\tdetection: [\n"));
    out.add(new RuleSource("bad/two.yml", "title: a\n---\ntitle: b\n  : : :\n"));
    out.add(new RuleSource("bad/empty.yml", ""));
    return out;
  }

  /** Documents equal to what Yaml.read gives for each source, error included. */
  private static void assertSameAsYaml(RuleDocCache.Session s, List<RuleSource> sources) {
    for (RuleSource src : sources) {
      Yaml.Documents expected = Yaml.read(src.name(), src.text());
      Yaml.Documents got = s.documents(src);
      assertThat(got.docs()).as(src.name()).isEqualTo(expected.docs());
      if (expected.error() == null) {
        assertThat(got.error()).as(src.name()).isNull();
      } else {
        assertThat(got.error()).as(src.name()).isNotNull();
        assertThat(got.error().getMessage()).isEqualTo(expected.error().getMessage());
        assertThat(got.error().line()).isEqualTo(expected.error().line());
        assertThat(got.error().kind()).isEqualTo(expected.error().kind());
      }
    }
  }

  @Test
  void secondRunReadsEveryFileFromTheCacheWithTheSameDocuments() throws IOException {
    List<RuleSource> src = sources();
    assertThat(src).hasSizeGreaterThan(3000);
    RuleDocCache cache = new RuleDocCache(tmp, "v1");
    RuleDocCache.Session first = cache.open(src);
    assertSameAsYaml(first, src);
    assertThat(first.misses()).isEqualTo(src.size());
    first.save();
    RuleDocCache.Session second = cache.open(src);
    assertSameAsYaml(second, src);
    assertThat(second.hits()).isEqualTo(src.size());
    assertThat(second.misses()).isZero();
  }

  @Test
  void anEditedFileIsReadAgainAndOnlyIt() throws IOException {
    List<RuleSource> src = sources();
    RuleDocCache cache = new RuleDocCache(tmp, "v1");
    RuleDocCache.Session first = cache.open(src);
    src.forEach(first::documents);
    first.save();
    RuleSource old = src.get(7);
    // Same name, same length, another value: only the text's digest tells them apart.
    src.set(7, new RuleSource(old.name(), old.text().replaceFirst("title: .", "title: Z")));
    assertThat(src.get(7).text()).isNotEqualTo(old.text()).hasSameSizeAs(old.text());
    RuleDocCache.Session second = cache.open(src);
    assertSameAsYaml(second, src);
    assertThat(second.misses()).isEqualTo(1);
    assertThat(second.hits()).isEqualTo(src.size() - 1);
  }

  @Test
  void corruptTruncatedOrForeignCacheFilesAreIgnoredAndRewritten() throws IOException {
    List<RuleSource> src = sources().subList(0, 200);
    RuleDocCache cache = new RuleDocCache(tmp, "v1");
    RuleDocCache.Session s = cache.open(src);
    src.forEach(s::documents);
    s.save();
    Path file = only(tmp);
    byte[] good = Files.readAllBytes(file);
    List<byte[]> bad = new ArrayList<>();
    bad.add(java.util.Arrays.copyOf(good, good.length / 2)); // truncated
    bad.add(java.util.Arrays.copyOf(good, good.length - 1)); // trailer cut
    byte[] flipped = good.clone();
    for (int i = 40; i < flipped.length; i += 97) {
      flipped[i] = (byte) ~flipped[i]; // garbage inside: lengths, tags, texts
    }
    bad.add(flipped);
    // One letter of a rule's title changed: the file still parses, only the checksum tells.
    String title = src.get(3).text().lines().filter(l -> l.startsWith("title: ")).findFirst().orElseThrow();
    byte[] needle = title.substring(7).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int at = indexOf(good, needle);
    assertThat(at).isPositive();
    byte[] letter = good.clone();
    letter[at] = (byte) (letter[at] == 'Q' ? 'R' : 'Q');
    bad.add(letter);
    bad.add("not a cache".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bad.add(new byte[0]);
    for (byte[] b : bad) {
      Files.write(file, b);
      RuleDocCache.Session again = cache.open(src);
      assertSameAsYaml(again, src);
      again.save();
      assertThat(Files.readAllBytes(file)).isEqualTo(good);
    }
    // Another build of the YAML reader: its documents are not used.
    RuleDocCache.Session other = new RuleDocCache(tmp, "v2").open(src);
    assertSameAsYaml(other, src);
    assertThat(other.hits()).isZero();
  }

  @Test
  void aCacheThatCannotBeWrittenOnlyCostsTime() throws IOException {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    List<RuleSource> src = sources().subList(0, 50);
    RuleDocCache.Session s = new RuleDocCache(notADir.resolve("sub"), "v1").open(src);
    assertSameAsYaml(s, src);
    s.save(); // no exception
  }

  @Test
  void theEngineLoadsTheSameRulesWithAndWithoutTheCache() throws IOException {
    List<RuleSource> src = sources();
    LoadSummary plain = new SigmaEngine().load(src, Level.INFORMATIONAL).summary();
    SigmaEngine cached = new SigmaEngine(new RuleDocCache(tmp, "v1"));
    LoadSummary cold = cached.load(src, Level.INFORMATIONAL).summary();
    LoadSummary warm = cached.load(src, Level.INFORMATIONAL).summary();
    assertThat(cold).isEqualTo(plain);
    assertThat(warm).isEqualTo(plain);
    assertThat(plain.loaded()).isGreaterThan(3000);
    assertThat(plain.invalid()).isNotEmpty(); // the bad files above, reported from the cache too
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Path only(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> l = s.toList();
      assertThat(l).hasSize(1);
      return l.get(0);
    }
  }
}
