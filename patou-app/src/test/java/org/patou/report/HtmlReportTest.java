package org.patou.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;
import org.patou.event.EventBuilder;
import org.patou.sigma.match.Detection;
import org.patou.sigma.rule.Level;
import org.patou.sigma.rule.RuleInfo;

class HtmlReportTest {
  static final String HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'&";

  static Finding finding(String title, Level level, long ts, String host, String cmd) {
    Event e = new EventBuilder().add("host.name", host).add("user.name", HOSTILE).add("process.command_line", cmd)
        .add("tags", List.of("a", "<b>")).build();
    RuleInfo r = new RuleInfo("id-" + title, null, title, level, "test", List.of(), Map.of(), "rules/" + title + ".yml", false);
    return new Finding("logs/" + host + ".json", new Detection(r, ts, List.of(e), Map.of()));
  }

  static String render() throws IOException {
    HtmlReport h = new HtmlReport(ZoneOffset.UTC);
    h.add(finding("Evil <rule>", Level.HIGH, 1_700_000_000_000L, "pc<1>", HOSTILE));
    h.add(finding("Other", Level.LOW, 1_700_000_360_000L, "pc2", "https://evil.example/x.js"));
    h.add(finding("Timeless", null, Long.MIN_VALUE, "pc2", "x"));
    StringWriter w = new StringWriter();
    h.render(w, new Summary(3, 3, 0, 10, 3, 5, List.of("logs/bad.json: <broken>"), 12), "Report <title>");
    return w.toString();
  }

  @Test
  void selfContained() throws IOException {
    String page = render();
    // Nothing to load: no src/href/url()/@import at all pointing anywhere, and a CSP forbidding it.
    // In a tag (escaped text has no raw '<'), no attribute that loads anything.
    Matcher m = Pattern.compile("(?i)<[^>]*\\b(src|href|action|xlink:href|srcset|data)\\s*=").matcher(page);
    assertThat(m.find()).as("no src/href attribute at all").isFalse();
    assertThat(page).doesNotContainIgnoringCase("url(").doesNotContainIgnoringCase("@import");
    assertThat(page).contains("default-src 'none'");
    // The only http(s) text is the hostile value, escaped inside a cell.
    assertThat(page.replace("https://evil.example/x.js", "")).doesNotContain("http://").doesNotContain("https://");
    assertThat(page).contains("<svg").contains("<style>").contains("<script>(function");
  }

  @Test
  void hostileValuesAreEscaped() throws IOException {
    String page = render();
    // Exactly one script element: ours.
    assertThat(Pattern.compile("(?i)<script").matcher(page).results().count()).isEqualTo(1);
    assertThat(page).doesNotContain("<img").doesNotContain("<b>").doesNotContain("<rule>").doesNotContain("pc<1>")
        .doesNotContain("<broken>").doesNotContain("<title>Report <title>");
    assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
    assertThat(page).contains("Evil &lt;rule&gt;").contains("pc&lt;1&gt;");
  }

  @Test
  void summaries() throws IOException {
    String page = render();
    assertThat(page).contains("By level").contains("By rule").contains("Hosts").contains("Users").contains("Timeline")
        .contains("<details>").contains("badge l-high").contains("badge l-unset");
  }

  @Test
  void escape() {
    assertThat(HtmlReport.esc(null)).isEmpty();
    assertThat(HtmlReport.esc("a\u0000b")).isEqualTo("a&#xFFFD;b");
  }
}
