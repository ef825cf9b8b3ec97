package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.patou.sigma.pipeline.Pipelines;
import org.patou.sigma.rule.RuleSource;

/** Parsing apart (possibly out of order, on other threads) then adding in order equals adding. */
class ParseThenAddTest {
  static final List<RuleSource> FILES =
      List.of(
          new RuleSource("a.yml", "title: A\nid: 00000000-0000-0000-0000-00000000000a\nlogsource: {product: windows, category: process_creation}\ndetection:\n  sel:\n    Image|endswith: '\\\\a.exe'\n  condition: sel\nlevel: high\n"),
          new RuleSource("broken.yml", "title: B\ndetection:\n  sel:\n    Image|nosuchmodifier: x\n  condition: sel\n"),
          new RuleSource("empty.yml", ""),
          new RuleSource("bad-yaml.yml", "title: [unclosed\n"),
          new RuleSource("c.yml", "title: C\nid: 00000000-0000-0000-0000-00000000000c\nlogsource: {product: cisco, service: aaa}\ndetection:\n  keywords: ['show run']\n  condition: keywords\n"));

  @Test
  void sameReportAsAddingOneByOne() {
    SigmaLoader direct = new SigmaLoader(Pipelines.bundled(), Map.of());
    FILES.forEach(direct::add);

    SigmaLoader split = new SigmaLoader(Pipelines.bundled(), Map.of());
    Map<Integer, SigmaLoader.Parsed> parsed = new ConcurrentHashMap<>();
    List<Integer> reversed = new ArrayList<>();
    for (int i = FILES.size() - 1; i >= 0; i--) {
      reversed.add(i);
    }
    reversed.parallelStream().forEach(i -> parsed.put(i, split.parse(FILES.get(i))));
    for (int i = 0; i < FILES.size(); i++) {
      split.add(parsed.get(i));
    }
    assertThat(split.report()).isEqualTo(direct.report());
    assertThat(split.report().loadedCount()).isEqualTo(2);
    assertThat(split.report().invalid()).hasSize(3);
  }
}
