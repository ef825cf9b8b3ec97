package org.patou.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.patou.inventory.Fixtures;
import org.patou.inventory.ParseException;
import org.patou.inventory.Software;
import org.patou.testkit.SharedData;

/** KEV, EPSS, OSV, Debian tracker and NVD parsing, detection by content, and malformed feeds. */
class FeedsTest {

  @Test
  void kevCsvAndJsonAgree() throws Exception {
    FeedData csv = FeedFiles.read(SharedData.require("vuln/cisa-kev/known_exploited_vulnerabilities.csv"));
    FeedData json = FeedFiles.read(SharedData.require("vuln/cisa-kev/known_exploited_vulnerabilities.json"));
    assertThat(csv.kind()).isEqualTo("kev");
    assertThat(json.version()).isEqualTo("2025.08.25");
    assertThat(csv.kev()).hasSize(1404);
    assertThat(json.kev()).hasSize(1404);
    Map<String, String> a = csv.kev().stream().collect(Collectors.toMap(FeedData.KevEntry::cve, FeedData.KevEntry::dateAdded));
    Map<String, String> b = json.kev().stream().collect(Collectors.toMap(FeedData.KevEntry::cve, FeedData.KevEntry::dateAdded));
    assertThat(a).isEqualTo(b).containsEntry("CVE-2019-0211", "2021-11-03");
  }

  @Test
  void epssFixtureInThePublishedFormat() throws Exception {
    FeedData e = FeedFiles.read(Fixtures.path("epss/epss_scores-2025-08-25.csv"));
    assertThat(e.kind()).isEqualTo("epss");
    assertThat(e.version()).isEqualTo("model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z");
    assertThat(e.epss()).hasSize(8).first().isEqualTo(new FeedData.EpssEntry("CVE-2019-0211", 0.97051, 0.99856));
    // gzip, as FIRST serves it
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
      gz.write(java.nio.file.Files.readAllBytes(Fixtures.path("epss/epss_scores-2025-08-25.csv")));
    }
    assertThat(FeedFiles.read("e.csv.gz", "e.csv.gz", bos.toByteArray()).epss()).hasSize(8);
  }

  @Test
  void malformedFeedsNameFileAndRecord() {
    assertThat(catchThrowable(() -> FeedFiles.read(Fixtures.path("feeds/kev-malformed.csv"))))
        .isInstanceOf(ParseException.class).hasMessageContaining("kev-malformed.csv: line 3");
    byte[] epss = "#model_version:v1,score_date:x\ncve,epss,percentile\nCVE-2020-0001,0.5,0.5\nCVE-2020-0002,1.7,0.5\n"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(catchThrowable(() -> FeedFiles.read("epss.csv", "epss.csv", epss)))
        .isInstanceOf(ParseException.class).hasMessageContaining("epss.csv: line 4").hasMessageContaining("outside [0, 1]");
    byte[] osv = "{\"id\": \"X-1\", \"modified\": \"t\", \"affected\": [{\"package\": {\"name\": \"a\"}}]}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(catchThrowable(() -> FeedFiles.read("osv.json", "osv.json", osv)))
        .isInstanceOf(ParseException.class).hasMessageContaining("osv.json: record (X-1) affected[0]");
    assertThat(catchThrowable(() -> FeedFiles.read("what.txt", "what.txt", "hello".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ParseException.class).hasMessageContaining("unknown feed format");
  }

  @Test
  void osvRangesMatchNpmAndMaven() throws Exception {
    FeedData npm = FeedFiles.read(Fixtures.path("feeds/osv-npm.json"));
    FeedData maven = FeedFiles.read(Fixtures.path("feeds/osv-maven.json"));
    Matcher m = new Matcher(concat(npm.advisories(), maven.advisories()));
    List<Finding> f = m.match("app", List.of(
        new Software("lodash", "4.17.15", "npm", null, null),
        new Software("minimist", "1.2.5", "npm", null, null),
        new Software("minimist", "0.2.4", "npm", null, null),
        new Software("org.apache.logging.log4j:log4j-core", "2.14.1", "maven", null, null),
        new Software("org.apache.logging.log4j:log4j-core", "2.12.2", "maven", null, null)));
    assertThat(f).extracting(x -> x.pkg() + "@" + x.installed() + " " + x.vulnerability() + " -> " + x.fixed())
        .containsExactly(
            "lodash@4.17.15 CVE-2021-23337 -> 4.17.21",
            "minimist@1.2.5 CVE-2021-44906 -> 1.2.6",
            "org.apache.logging.log4j:log4j-core@2.14.1 CVE-2021-44228 -> 2.15.0");
    assertThat(f.get(0).aliases()).containsExactly("GHSA-35jh-r3h4-6jhm");
  }

  @Test
  void debianTrackerMatchesSourcePackagesPerRelease() throws Exception {
    FeedData d = FeedFiles.read(Fixtures.path("feeds/debian-tracker.json"));
    assertThat(d.key()).isEqualTo("debian-tracker");
    Matcher m = new Matcher(d.advisories());
    List<Finding> f = m.match("srv", List.of(
        new Software("libssl3", "3.0.11-1~deb12u2", "debian:12", "openssl", null),
        new Software("nginx", "1.22.1-9", "debian:12", null, null)));
    assertThat(f).extracting(x -> x.pkg() + " " + x.vulnerability() + " -> " + x.fixed())
        .containsExactly("libssl3 CVE-2023-5678 -> 3.0.13-1~deb12u1", "libssl3 CVE-2024-9999 -> null");
  }

  @Test
  void nvdGivesCvssPreferringPrimary() throws Exception {
    FeedData n = FeedFiles.read(Fixtures.path("feeds/nvd.json"));
    assertThat(n.kind()).isEqualTo("cvss");
    Map<String, Double> s = n.cvss().stream().collect(Collectors.toMap(FeedData.CvssEntry::cve, FeedData.CvssEntry::score));
    assertThat(s).containsEntry("CVE-2019-0211", 7.8).containsEntry("CVE-2023-5678", 5.3);
  }

  @Test
  void osvZipDump() throws Exception {
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bos)) {
      z.putNextEntry(new java.util.zip.ZipEntry("GHSA-jfh8-c2jp-5v3q.json"));
      z.write(java.nio.file.Files.readAllBytes(Fixtures.path("feeds/osv-maven.json")));
      z.closeEntry();
    }
    FeedData f = FeedFiles.read("all.zip", "all.zip", bos.toByteArray());
    assertThat(f.key()).isEqualTo("osv:all.zip");
    assertThat(f.advisories()).extracting(Advisory::id).containsExactly("GHSA-jfh8-c2jp-5v3q");
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).map(Function.identity()).toList();
  }
}
