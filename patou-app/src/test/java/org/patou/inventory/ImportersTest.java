package org.patou.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Format detection and the package-list, SBOM and Windows parsers, including malformed input. */
class ImportersTest {

  static Inventory read(String fixture, String os) throws Exception {
    return Importers.read(Fixtures.path(fixture), "host1", os, true);
  }

  static List<Software> sw(Inventory inv) {
    return inv.hosts().get(0).software();
  }

  @Test
  void dpkgStatusKeepsInstalledPackagesAndSourceNames() throws Exception {
    Inventory inv = read("packages/dpkg-status", null);
    assertThat(inv.format()).isEqualTo("dpkg-status");
    assertThat(sw(inv)).extracting(Software::name, Software::version, Software::sourceName).containsExactly(
        org.assertj.core.groups.Tuple.tuple("openssl", "3.0.11-1~deb12u2", null),
        org.assertj.core.groups.Tuple.tuple("libssl3", "3.0.11-1~deb12u2", "openssl"),
        org.assertj.core.groups.Tuple.tuple("nginx", "1.22.1-9", null),
        org.assertj.core.groups.Tuple.tuple("tzdata", "2024a-0+deb12u1", null));
  }

  @Test
  void dpkgQueryRpmAndRpmQf() throws Exception {
    assertThat(read("packages/dpkg-query.txt", null).format()).isEqualTo("dpkg-query");
    assertThat(sw(read("packages/dpkg-query.txt", null))).extracting(Software::name)
        .containsExactly("openssl", "libssl3", "nginx");
    Inventory rpm = read("packages/rpm-qa.txt", null);
    assertThat(rpm.format()).isEqualTo("rpm-qa");
    assertThat(sw(rpm)).extracting(Software::name, Software::version).containsExactly(
        org.assertj.core.groups.Tuple.tuple("openssl-libs", "3.0.7-25.el9_3"),
        org.assertj.core.groups.Tuple.tuple("openssh-server", "8.7p1-34.el9"),
        org.assertj.core.groups.Tuple.tuple("gpg-pubkey", "fd431d51-4ae0493b"),
        org.assertj.core.groups.Tuple.tuple("python3-urllib3", "1.26.5-3.el9"));
    Inventory qf = read("packages/rpm-qf.txt", null);
    assertThat(qf.format()).isEqualTo("rpm-qa");
    assertThat(sw(qf)).extracting(Software::version).containsExactly("1:3.0.7-25.el9_3", "5.1.8-6.el9_1");
  }

  @Test
  void apkInstalledDatabase() throws Exception {
    Inventory inv = read("alpine-3.11/below-installed", "alpine");
    assertThat(inv.format()).isEqualTo("apk-installed");
    assertThat(sw(inv)).hasSize(8).first().extracting(Software::name, Software::version)
        .containsExactly("openssl", "1.1.1d-r2");
  }

  @Test
  void sbomsAndWindowsPrograms() throws Exception {
    Inventory cdx = read("sbom/cyclonedx.json", null);
    assertThat(cdx.format()).isEqualTo("cyclonedx");
    assertThat(sw(cdx)).extracting(Software::namespace, Software::name, Software::version).containsExactly(
        org.assertj.core.groups.Tuple.tuple("maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
        org.assertj.core.groups.Tuple.tuple("npm", "lodash", "4.17.15"),
        org.assertj.core.groups.Tuple.tuple("npm", "minimist", "1.2.5"),
        org.assertj.core.groups.Tuple.tuple("alpine:3.11", "musl", "1.1.23-r1"),
        org.assertj.core.groups.Tuple.tuple("generic", "in-house", "1.0"));
    Inventory xml = read("sbom/cyclonedx.xml", null);
    assertThat(xml.format()).isEqualTo("cyclonedx");
    assertThat(sw(xml)).extracting(Software::namespace, Software::name, Software::version).containsExactly(
        org.assertj.core.groups.Tuple.tuple("maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
        org.assertj.core.groups.Tuple.tuple("npm", "lodash", "4.17.15"),
        org.assertj.core.groups.Tuple.tuple("npm", "minimist", "1.2.5"));
    Inventory spdx = read("sbom/spdx.json", null);
    assertThat(spdx.format()).isEqualTo("spdx");
    assertThat(sw(spdx)).extracting(Software::namespace).containsExactly("pypi", "npm");
    Inventory win = read("packages/windows-programs.json", null);
    assertThat(win.format()).isEqualTo("windows-programs");
    assertThat(sw(win)).hasSize(3);
    assertThat(win.hosts().get(0).remoteAccessTools()).containsExactly("AnyDesk");
    assertThat(win.hosts().get(0).asset().osVersion()).isEqualTo("10.0.19045");
  }

  @Test
  void malformedInputNamesFileAndRecord() {
    assertThat(catchThrowable(() -> read("packages/dpkg-status-malformed", null)))
        .isInstanceOf(ParseException.class).hasMessageContaining("dpkg-status-malformed")
        .hasMessageContaining("line 5 (broken)").hasMessageContaining("without Version");
    assertThat(catchThrowable(() -> read("packages/rpm-qa-malformed.txt", null)))
        .isInstanceOf(ParseException.class).hasMessageContaining("rpm-qa-malformed.txt: line 2");
    assertThat(catchThrowable(() -> read("sbom/cyclonedx-malformed.json", null)))
        .isInstanceOf(ParseException.class).hasMessageContaining("cyclonedx-malformed.json: components[1]")
        .hasMessageContaining("malformed purl");
    assertThat(catchThrowable(() -> Importers.read("x.json", "{\"bomFormat\": \"CycloneDX\", \"components\": [".getBytes(
        java.nio.charset.StandardCharsets.UTF_8), "h", null, true)))
        .isInstanceOf(ParseException.class).hasMessageContaining("x.json: line 1").hasMessageContaining("malformed JSON");
    assertThat(catchThrowable(() -> Importers.read(Fixtures.path("packages/dpkg-status"), null, null, true)))
        .isInstanceOf(ParseException.class).hasMessageContaining("--asset");
  }
}
