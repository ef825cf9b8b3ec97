package org.patou.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patou.testing.CachedSigmaEngine;
import org.patou.testing.Cli;
import org.patou.testing.Fixtures;
import org.patou.testkit.SharedData;

/** Commands with the real Sigma engine and the bundled rules. */
class RealEngineTest {
  @TempDir Path tmp;

  static String bundled() {
    return SharedData.projectRoot().resolve("rules/sigmahq").toString();
  }

  @Test
  void demoFindsTheStoryAtSeveralLevels() {
    String home = System.getProperty("patou.home");
    System.setProperty("patou.home", SharedData.projectRoot().toString());
    try {
      Cli r = Cli.run(CachedSigmaEngine.INSTANCE, "demo", "--offline", "--data", tmp.resolve("data").toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Privileged User Has Been Created").contains("mairie-web01.log");
      assertThat(r.out())
          .contains("Suspicious Curl.EXE Download")
          .contains("PowerShell Base64 Encoded Invoke Keyword")
          .contains("Creation of a Local Hidden User Account by Registry")
          .contains("Anydesk Temporary Artefact")
          .contains("Disable Microsoft Defender Firewall via Registry")
          .contains("LSASS Process Memory Dump Creation Via Taskmgr.EXE")
          .contains("Local User Creation")
          .contains("rootdc1-security-4720.evtx")
          .contains("mairie-pc01-sysmon.jsonl");
      assertThat(r.out()).containsPattern("(?m)^  high +\\d+$").containsPattern("(?m)^  medium +\\d+$").containsPattern("(?m)^  low +\\d+$");
    } finally {
      if (home == null) {
        System.clearProperty("patou.home");
      } else {
        System.setProperty("patou.home", home);
      }
    }
  }

  @Test
  void demoServesTheStoryAndPrintsASignInLink() {
    String home = System.getProperty("patou.home");
    System.setProperty("patou.home", SharedData.projectRoot().toString());
    try {
      Cli r = Cli.run(CachedSigmaEngine.INSTANCE, "demo", "--exit", "--http", "127.0.0.1:0", "--data", tmp.resolve("served").toString());
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out())
          .contains("replayed 22 syslog lines").contains("9 Windows events").contains("31 events stored")
          // the exposed web server: probes over syslog, then the login and what followed
          .contains("Log4j RCE CVE-2021-44228").contains("Path Traversal Exploitation Attempts")
          .contains("SQL Injection Strings In URI").contains("Privileged User Has Been Created")
          // the Windows machines, over the HTTP API (JSON lines and the .evtx as JSON)
          .contains("Anydesk Temporary Artefact").contains("LSASS Process Memory Dump Creation Via Taskmgr.EXE")
          .contains("Local User Creation  (rootdc1.offsec.lan)")
          .containsPattern("Open http://127\\.0\\.0\\.1:\\d+/ui/login\\?code=[A-Za-z0-9_-]{43}")
          .doesNotContain("Cisco");
      assertThat(tmp.resolve("served/demo-admin.token")).exists();
    } finally {
      if (home == null) {
        System.clearProperty("patou.home");
      } else {
        System.setProperty("patou.home", home);
      }
    }
  }

  @Test
  void linuxRulesFireOnAuthLog() {
    Path log = Fixtures.write(tmp.resolve("auth.log"), String.join("\n",
        "Dec 21 17:13:54 testserver useradd[1337]: new user: name=john, UID=0, GID=0, home=/home/john, shell=/bin/bash",
        "Dec 21 17:14:00 testserver sshd[99]: Corrupted MAC on input. [preauth]",
        "Dec 21 17:15:00 testserver sshd[99]: Failed password for root from 1.2.3.4 port 22 ssh2",
        "Dec 21 17:16:00 testserver sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/base64 -d /tmp/p.b64", ""));
    Cli r = Cli.run(CachedSigmaEngine.INSTANCE, "hunt", "--rules", bundled(), "--min-level", "informational",
        "--format", "jsonl", "-q", log.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"title\":\"Privileged User Has Been Created\"").contains("\"title\":\"Suspicious OpenSSH Daemon Error\"")
        .contains("\"title\":\"Decode Base64 Encoded Text\"")
        .contains("\"host.name\":\"testserver\"");
  }

  @Test
  void bundledRulesCheck() {
    Cli r = Cli.run(CachedSigmaEngine.INSTANCE, "rules", "check", "--rules", bundled(), "--format", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("{\"files\":3754,\"rules\":3754,\"loaded\":");
  }

  @Test
  void rulesCheckJsonNamesTheBrokenRuleFileAndLine() throws java.io.IOException {
    Path tree = tmp.resolve("tree");
    Path src = SharedData.projectRoot().resolve("rules/sigmahq/rules/windows/process_creation");
    java.nio.file.Files.createDirectories(tree.resolve("ok"));
    java.nio.file.Files.copy(src.resolve("proc_creation_win_findstr_lsass.yml"), tree.resolve("ok/findstr_lsass.yml"));
    java.nio.file.Files.copy(src.resolve("proc_creation_win_curl_susp_download.yml"), tree.resolve("ok/curl.yml"));
    Fixtures.write(tree.resolve("bad/broken.yml"), String.join("\n",
        "title: Broken rule",
        "id: 0f3e2a1b-0000-4000-8000-000000000001",
        "logsource:",
        "    category: process_creation",
        "    product: windows",
        "detection:",
        "    selection:",
        "        Image|endswith_typo: '\\\\evil.exe'",
        "    condition: selection",
        "level: high", ""));
    Cli r = Cli.run(CachedSigmaEngine.INSTANCE, "rules", "check", "--rules", tree.toString(), "--format", "json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("{\"files\":3,\"rules\":3,\"loaded\":2,\"unmapped\":0,\"unsupported\":[],\"invalid\":[{\"file\":\"bad/broken.yml\",\"line\":8,\"message\":\"");
    assertThat(r.out()).contains("endswith_typo");
  }

  @Test
  void placeholdersFromTheConfigurationFeedExpand() throws java.io.IOException {
    Path tree = tmp.resolve("ph");
    Fixtures.write(tree.resolve("expand.yml"), String.join("\n",
        "title: Logon from a domain controller",
        "id: 0f3e2a1b-0000-4000-8000-000000000002",
        "logsource:",
        "    product: windows",
        "    service: security",
        "detection:",
        "    selection:",
        "        EventID: 4624",
        "        WorkstationName|expand: '%known_dcs%'",
        "    condition: selection",
        "level: high", ""));
    Path conf = tmp.resolve("patou.yaml");
    Fixtures.write(conf, "placeholders:\n  known_dcs: [DC1, DC2]\n");
    // Without values the rule cannot be run: unsupported, with the reason.
    Cli without = Cli.run(new org.patou.hunt.SigmaEngine(), "rules", "check", "--rules", tree.toString(), "--format", "json");
    assertThat(without.out()).contains("\"loaded\":0").contains("%known_dcs% has no values configured");
    // With them (in either position of --config) it loads and fires on DC2 only.
    Cli with = Cli.run(new org.patou.hunt.SigmaEngine(), "--config", conf.toString(), "rules", "check", "--rules", tree.toString(), "--format", "json");
    assertThat(with.out()).as(with.toString()).contains("\"loaded\":1").contains("\"unsupported\":[]");
    Path events = tmp.resolve("events.jsonl");
    Fixtures.write(events, String.join("\n",
        "{\"Event\":{\"System\":{\"Channel\":\"Security\",\"EventID\":4624},\"EventData\":{\"WorkstationName\":\"dc2\"}}}",
        "{\"Event\":{\"System\":{\"Channel\":\"Security\",\"EventID\":4624},\"EventData\":{\"WorkstationName\":\"PC7\"}}}", ""));
    Cli hunt = Cli.run(new org.patou.hunt.SigmaEngine(), "hunt", events.toString(), "--rules", tree.toString(),
        "--config", conf.toString(), "--format", "jsonl", "--quiet");
    assertThat(hunt.code()).as(hunt.toString()).isZero();
    assertThat(hunt.out().lines().toList()).singleElement().asString().contains("Logon from a domain controller").contains("dc2");
  }
}
