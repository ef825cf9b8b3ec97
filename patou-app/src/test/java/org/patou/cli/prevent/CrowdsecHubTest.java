package org.patou.cli.prevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.patou.testkit.SharedData;

/**
 * The CrowdSec hub samples: every sample listed as matched in docs/crowdsec-hub-tests.md must still
 * match. With {@code -Dpatou.crowdsec.write=true} the document is rewritten from this run.
 */
class CrowdsecHubTest {
  @Test
  void matchedSamplesStayMatched() throws Exception {
    Path tests = SharedData.require("auth/crowdsec-hub-tests/tests");
    List<CrowdsecHub.Result> results = new ArrayList<>();
    for (Path dir : CrowdsecHub.samples(tests)) {
      results.add(CrowdsecHub.run(dir));
    }
    Path doc = SharedData.projectRoot().resolve("docs/crowdsec-hub-tests.md");
    String markdown = CrowdsecHub.markdown(results);
    if (Boolean.getBoolean("patou.crowdsec.write")) {
      Files.writeString(doc, markdown, StandardCharsets.UTF_8);
    }
    Set<String> wasMatched = new TreeSet<>();
    if (Files.exists(doc)) {
      for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
        String[] cells = line.split(" \\| ");
        if (line.startsWith("| ") && cells.length >= 6 && cells[4].trim().equals("matched")) {
          wasMatched.add(cells[0].substring(2).trim());
        }
      }
    }
    List<String> regressions = new ArrayList<>();
    for (CrowdsecHub.Result r : results) {
      if (wasMatched.contains(r.sample()) && r.status() != CrowdsecHub.Status.MATCHED) {
        regressions.add(r.sample() + ": " + r.detail());
      }
    }
    System.out.println(markdown);
    assertThat(regressions).as("samples matched in docs/crowdsec-hub-tests.md that no longer match").isEmpty();
    assertThat(wasMatched).as("docs/crowdsec-hub-tests.md lists matched samples").isNotEmpty();
  }
}
