package org.patou.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The tricky cases of each ecosystem's ordering, as versatile implements them. */
class VersionsTest {

  /** scheme, lower, higher. */
  static final List<String[]> LESS = List.of(
      // Debian: epoch beats everything, tilde sorts before the empty string, revisions compare
      new String[] {"deb", "2.0-1", "1:1.0-1"},
      new String[] {"deb", "1.0~rc1-1", "1.0-1"},
      new String[] {"deb", "1.0~~-1", "1.0~-1"},
      new String[] {"deb", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1"},
      new String[] {"deb", "3.0.13-1~deb12u1", "3.0.13-1"},
      new String[] {"deb", "1.0-1", "1.0-1+deb12u1"},
      new String[] {"deb", "1.2.3-1", "1.2.10-1"},
      new String[] {"deb", "1.0a-1", "1.0b-1"},
      new String[] {"deb", "0:1.0-1", "1.0-2"},
      // RPM: epoch, release, el8 vs el8_1, tilde pre-releases, caret post-releases
      new String[] {"rpm", "2.0-1", "1:1.0-1"},
      new String[] {"rpm", "1.0-1.el8", "1.0-1.el8_1"},
      new String[] {"rpm", "1.0~rc1-1", "1.0-1"},
      new String[] {"rpm", "1.0-1", "1.0^git1-1"},
      new String[] {"rpm", "1.2.9-1", "1.2.10-1"},
      new String[] {"rpm", "3.0.7-25.el9_3", "3.0.7-27.el9"},
      // Alpine apk: pre-release suffixes, letters, _p patches, -r package releases
      new String[] {"apk", "2.9.3_alpha-r0", "2.9.3-r0"},
      new String[] {"apk", "2.9.3_rc1-r0", "2.9.3-r0"},
      new String[] {"apk", "2.9.3-r0", "2.9.3_p1-r0"},
      new String[] {"apk", "1.2.3-r9", "1.2.3-r10"},
      new String[] {"apk", "1.1.1d-r2", "1.1.1d-r3"},
      new String[] {"apk", "1.1.1b-r1", "1.1.1d-r1"},
      new String[] {"apk", "7.9_p1-r2", "7.9_p1-r3"},
      new String[] {"apk", "6.6.1_p1-r0", "6.6.2_p1-r0"},
      new String[] {"apk", "1.29.3-r10", "1.30.1-r2"},
      // Maven: qualifiers
      new String[] {"maven", "1.0-alpha-1", "1.0-beta-1"},
      new String[] {"maven", "1.0-SNAPSHOT", "1.0"},
      new String[] {"maven", "1.0-rc1", "1.0"},
      new String[] {"maven", "2.17.0", "2.17.1"},
      new String[] {"maven", "1.0", "1.0-sp1"},
      // npm / semver: pre-releases, numeric identifiers
      new String[] {"npm", "1.0.0-rc.1", "1.0.0"},
      new String[] {"npm", "1.0.0-alpha", "1.0.0-alpha.1"},
      new String[] {"npm", "1.0.0-alpha.beta", "1.0.0-beta"},
      new String[] {"npm", "1.0.0-beta.2", "1.0.0-beta.11"},
      new String[] {"npm", "1.9.0", "1.10.0"},
      // PyPI PEP 440: dev < a < b < rc < final < post
      new String[] {"pypi", "1.0.dev1", "1.0a1"},
      new String[] {"pypi", "1.0a1", "1.0b1"},
      new String[] {"pypi", "1.0rc1", "1.0"},
      new String[] {"pypi", "1.0", "1.0.post1"},
      new String[] {"pypi", "1!0.5", "1!1.0"},
      new String[] {"pypi", "2.0", "1!0.1"});

  /** scheme, a, b that must compare equal. */
  static final List<String[]> EQUAL = List.of(
      new String[] {"deb", "1.0-1", "0:1.0-1"},
      new String[] {"rpm", "1.0-1", "0:1.0-1"},
      new String[] {"pypi", "1.0", "1.0.0"},
      new String[] {"maven", "1.0", "1.0.0"},
      new String[] {"pypi", "1.0RC1", "1.0rc1"});

  @TestFactory
  Stream<DynamicTest> ordering() {
    Versions v = new Versions();
    return LESS.stream().map(c -> DynamicTest.dynamicTest(c[0] + ": " + c[1] + " < " + c[2], () -> {
      assertThat(v.compare(c[0], c[1], c[2])).as("%s < %s", c[1], c[2]).isNegative();
      assertThat(v.compare(c[0], c[2], c[1])).as("%s > %s", c[2], c[1]).isPositive();
    }));
  }

  @TestFactory
  Stream<DynamicTest> equality() {
    Versions v = new Versions();
    return EQUAL.stream().map(c -> DynamicTest.dynamicTest(c[0] + ": " + c[1] + " == " + c[2],
        () -> assertThat(v.compare(c[0], c[1], c[2])).isZero()));
  }

  @Test
  void namespacesPickTheScheme() {
    assertThat(Namespace.scheme(Namespace.forOs("alpine", "3.11.6"))).isEqualTo("apk");
    assertThat(Namespace.forOs("alpine", "3.11.6")).isEqualTo("alpine:3.11");
    assertThat(Namespace.forOs("debian", "12")).isEqualTo("debian:12");
    assertThat(Namespace.debianRelease("bookworm")).isEqualTo("debian:12");
    assertThat(Namespace.fromOsvEcosystem("Alpine:v3.11")).isEqualTo("alpine:3.11");
    assertThat(Namespace.fromOsvEcosystem("Debian:12")).isEqualTo("debian:12");
    assertThat(Namespace.scheme(Namespace.forOs("rocky", "9.3"))).isEqualTo("rpm");
    assertThat(Namespace.scheme("npm")).isEqualTo("npm");
  }
}
