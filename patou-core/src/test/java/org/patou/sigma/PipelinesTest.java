package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.JsonEventReader;
import org.patou.sigma.match.Detection;
import org.patou.sigma.match.Detector;
import org.patou.sigma.pipeline.PipelineException;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;

class PipelinesTest {
  static final String PROC =
      "title: whoami\nid: 11111111-1111-1111-1111-111111111111\nlogsource:\n  category: process_creation\n  product: windows\n"
          + "detection:\n  sel:\n    Image|endswith: '\\whoami.exe'\n    ParentImage|endswith: '\\cmd.exe'\n  condition: sel\n";

  static Event json(String s) {
    return new JsonEventReader().parse(s);
  }

  static List<String> titles(Detector d, Event e) {
    List<String> out = new ArrayList<>();
    d.match(e, x -> out.add(x.rule().title()));
    return out;
  }

  static Detector detector(String... rules) {
    SigmaLoader l = new SigmaLoader(Pipelines.bundled(), Map.of());
    for (int i = 0; i < rules.length; i++) {
      l.add(new RuleSource("r" + i + ".yml", rules[i]));
    }
    assertThat(l.report().invalid()).isEmpty();
    return l.compile(DetectorOptions.defaults());
  }

  @Test
  void bundledPipelinesLoad() {
    assertThat(Pipelines.bundled().list())
        .extracting(p -> p.name())
        .containsExactly("windows-evtx", "winlogbeat", "linux", "webserver", "zeek", "suricata");
  }

  @Test
  void sysmonSecurityAndWinlogbeatEventsAllFireProcessCreation() {
    Detector d = detector(PROC);
    Event sysmon =
        json("{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
            + "\"EventData\":{\"Image\":\"C:\\\\Windows\\\\whoami.exe\",\"ParentImage\":\"C:\\\\Windows\\\\cmd.exe\"}}}");
    Event security =
        json("{\"Event\":{\"System\":{\"EventID\":4688,\"Channel\":\"Security\"},"
            + "\"EventData\":{\"NewProcessName\":\"C:\\\\Windows\\\\WHOAMI.EXE\",\"ParentProcessName\":\"C:\\\\Windows\\\\cmd.exe\"}}}");
    Event beat =
        json("{\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_id\":\"1\","
            + "\"event_data\":{\"Image\":\"C:\\\\whoami.exe\",\"ParentImage\":\"C:\\\\cmd.exe\"}}}");
    Event wrongChannel =
        json("{\"Event\":{\"System\":{\"EventID\":1,\"Channel\":\"Application\"},"
            + "\"EventData\":{\"Image\":\"C:\\\\whoami.exe\",\"ParentImage\":\"C:\\\\cmd.exe\"}}}");
    assertThat(titles(d, sysmon)).containsExactly("whoami");
    assertThat(titles(d, security)).containsExactly("whoami");
    assertThat(titles(d, beat)).containsExactly("whoami");
    assertThat(titles(d, wrongChannel)).isEmpty();
  }

  @Test
  void userDataAndSpacedNamesAreFoundByLeafName() {
    String wmi =
        "title: wmi\nlogsource: {product: windows, service: wmi}\ndetection:\n  sel:\n    EventID: 5858\n"
            + "    Operation|contains: cleareventlog\n  condition: sel\n";
    String av =
        "title: av\nlogsource: {category: antivirus}\ndetection:\n  sel:\n    Signature|contains: Mimikatz\n  condition: sel\n";
    Detector d = detector(wmi, av);
    Event e1 =
        json("{\"Event\":{\"System\":{\"EventID\":5858,\"Channel\":\"Microsoft-Windows-WMI-Activity/Operational\"},"
            + "\"UserData\":{\"Operation_ClientFailure\":{\"Operation\":\"x::cleareventlog\"}}}}");
    Event e2 =
        json("{\"Event\":{\"System\":{\"EventID\":1116,\"Channel\":\"Microsoft-Windows-Windows Defender/Operational\"},"
            + "\"EventData\":{\"Threat Name\":\"HackTool:Win32/Mimikatz\"}}}");
    assertThat(titles(d, e1)).containsExactly("wmi");
    assertThat(titles(d, e2)).containsExactly("av");
  }

  @Test
  void webAndZeekAndLinux() {
    String web =
        "title: web\nlogsource: {category: webserver}\ndetection:\n  sel:\n    cs-method: POST\n    cs-uri-query|contains: '/../'\n    sc-status: 200\n  condition: sel\n";
    String zeek =
        "title: zeek\nlogsource: {product: zeek, service: dns}\ndetection:\n  sel:\n    query|endswith: '.evil.com'\n  condition: sel\n";
    String linux =
        "title: linux\nlogsource: {product: linux, category: process_creation}\ndetection:\n  sel:\n    Image|endswith: '/nc'\n    CommandLine|contains: ' -e '\n  condition: sel\n";
    Detector d = detector(web, zeek, linux);
    assertThat(titles(d, json("{\"event\":{\"category\":\"web\"},\"http\":{\"request\":{\"method\":\"post\"},\"response\":{\"status_code\":200}},\"url\":{\"original\":\"/a/../etc\"}}")))
        .containsExactly("web");
    assertThat(titles(d, json("{\"_path\":\"dns\",\"query\":\"a.EVIL.com\"}"))).containsExactly("zeek");
    assertThat(titles(d, json("{\"event\":{\"dataset\":\"zeek.dns\"},\"query\":\"a.evil.com\"}"))).containsExactly("zeek");
    assertThat(titles(d, json("{\"event\":{\"category\":\"process\",\"type\":\"start\"},\"process\":{\"executable\":\"/bin/nc\",\"command_line\":\"nc -e /bin/sh\"}}")))
        .containsExactly("linux");
  }

  @Test
  void badPipelineNamesFileAndLine() {
    String bad = "name: x\nlogsources:\n  - logsource: {product: p}\n    sources:\n      - when: {A|nope: 1}\n";
    assertThatThrownBy(() -> Pipelines.parse(List.of(new RuleSource("mine.yml", bad))))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("mine.yml:5")
        .hasMessageContaining("unknown modifier 'nope'");
    assertThatThrownBy(() -> Pipelines.parse(List.of(new RuleSource("k.yml", "name: x\nfoo: 1\nlogsources: []\n"))))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("k.yml:2")
        .hasMessageContaining("unknown pipeline key 'foo'");
    assertThatThrownBy(() -> Pipelines.parse(List.of(new RuleSource("y.yml", "name: [x\n"))))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("y.yml:");
  }

  @Test
  void userPipelineMapsAnUnmappedLogsource() {
    String rule = "title: okta\nlogsource: {product: okta, service: okta}\ndetection:\n  sel:\n    eventType: user.mfa.factor.deactivate\n  condition: sel\n";
    String pipe = "name: okta\nlogsources:\n  - logsource: {product: okta, service: okta}\n    sources:\n      - when: {event.dataset: okta.system}\n"
        + "fields:\n  eventType: okta.event_type\n";
    SigmaLoader plain = new SigmaLoader(Pipelines.bundled(), Map.of());
    plain.add(new RuleSource("okta.yml", rule));
    assertThat(plain.report().unmapped()).extracting(i -> i.title()).containsExactly("okta");
    Pipelines p = Pipelines.bundled().with(Pipelines.parse(List.of(new RuleSource("okta-pipe.yml", pipe))));
    SigmaLoader l = new SigmaLoader(p, Map.of());
    l.add(new RuleSource("okta.yml", rule));
    assertThat(l.report().unmapped()).isEmpty();
    Detector d = l.compile(DetectorOptions.defaults());
    List<Detection> out = new ArrayList<>();
    d.match(json("{\"event\":{\"dataset\":\"okta.system\"},\"okta\":{\"event_type\":\"user.mfa.factor.deactivate\"}}"), out::add);
    assertThat(out).hasSize(1);
  }
}
