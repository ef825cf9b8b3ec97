package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;

/**
 * Rules whose logsource no pipeline maps still run, but not on events a pipeline claims for another
 * product: a Cisco keyword rule must not fire on a Windows event that happens to hold its word.
 */
class UnmappedClaimsTest {
  static final String CISCO =
      "title: Cisco keyword\nid: 11111111-1111-1111-1111-111111111111\n"
          + "logsource: {product: cisco, service: aaa}\n"
          + "detection:\n  keywords:\n    - 'show running-config'\n  condition: keywords\n";
  static final String WINDOWS_UNMAPPED =
      "title: Windows unmapped\nid: 22222222-2222-2222-2222-222222222222\n"
          + "logsource: {product: windows, category: file_access}\n"
          + "detection:\n  sel:\n    Event.EventData.FileName|endswith: '\\secret.txt'\n  condition: sel\n";

  private static Detector detector() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    l.add(new RuleSource("cisco.yml", CISCO));
    l.add(new RuleSource("win.yml", WINDOWS_UNMAPPED));
    assertThat(l.report().unmapped()).hasSize(2);
    return l.compile(DetectorOptions.defaults());
  }

  private static List<String> fired(Detector d, Event e) {
    List<Detection> out = new ArrayList<>();
    d.match(e, out::add);
    return out.stream().map(x -> x.rule().title()).toList();
  }

  @Test
  void otherProductsStayOffClaimedEvents() {
    Detector d = detector();
    Event windows =
        new EventBuilder()
            .add("Event.System.Channel", "Microsoft-Windows-PowerShell/Operational")
            .add("Event.System.EventID", 4104L)
            .add("Event.EventData.ScriptBlockText", "echo show running-config")
            .build();
    assertThat(fired(d, windows)).isEmpty();
    Event winlogbeat =
        new EventBuilder().add("winlog.channel", "Security").add("message", "show running-config").build();
    assertThat(fired(d, winlogbeat)).isEmpty();
  }

  @Test
  void zeekAndSuricataRecordsAreClaimed() {
    Detector d = detector();
    Event zeekHttp =
        new EventBuilder().add("_path", "http").add("event.dataset", "zeek.http").add("uri", "/show running-config").build();
    assertThat(fired(d, zeekHttp)).isEmpty();
    Event zeekSip = new EventBuilder().add("_path", "sip").add("user_agent", "show running-config").build();
    assertThat(fired(d, zeekSip)).isEmpty();
    Event eve =
        new EventBuilder().add("flow_id", 1L).add("event_type", "alert").add("alert.signature", "show running-config").build();
    assertThat(fired(d, eve)).isEmpty();
  }

  @Test
  void unclaimedEventsStillMeetUnmappedRules() {
    Event syslog = new EventBuilder().add("message", "user admin ran show running-config").build();
    assertThat(fired(detector(), syslog)).containsExactly("Cisco keyword");
  }

  @Test
  void unmappedRulesOfTheClaimingProductStillRun() {
    Event windows =
        new EventBuilder()
            .add("Event.System.Channel", "Security")
            .add("Event.System.EventID", 4663L)
            .add("Event.EventData.FileName", "C:\\Users\\a\\secret.txt")
            .build();
    assertThat(fired(detector(), windows)).containsExactly("Windows unmapped");
  }

  static final String WEB =
      "title: Web probe\nid: 33333333-3333-3333-3333-333333333333\n"
          + "logsource: {category: webserver}\n"
          + "detection:\n  sel:\n    cs-uri-query|contains: '/etc/passwd'\n  condition: sel\n";
  static final String SYSMON =
      "title: Sysmon process\nid: 44444444-4444-4444-4444-444444444444\n"
          + "logsource: {category: process_creation, product: windows}\n"
          + "detection:\n  sel:\n    Image|endswith: '\\\\evil.exe'\n  condition: sel\n";

  /**
   * The channel skip of a hunt holds with a corpus like SigmaHQ's: web server and Zeek rules key on
   * fields no Windows event has, and unmapped rules have no channel to bind to.
   */
  @Test
  void channelSkipIgnoresRulesThatCannotMeetWindowsEvents() {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    l.add(new RuleSource("cisco.yml", CISCO));
    l.add(new RuleSource("win.yml", WINDOWS_UNMAPPED));
    l.add(new RuleSource("web.yml", WEB));
    l.add(new RuleSource("sysmon.yml", SYSMON));
    Detector d = l.compile(DetectorOptions.defaults());
    assertThat(d.mayMatch("Microsoft-Windows-Sysmon/Operational")).isTrue();
    assertThat(d.mayMatch("Security")).isTrue(); // 4688 is process creation too
    assertThat(d.mayMatch("Microsoft-Windows-Bits-Client/Operational")).isFalse();
    assertThat(d.mayMatch(null)).isTrue();
  }
}
