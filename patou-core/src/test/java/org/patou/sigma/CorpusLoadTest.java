package org.patou.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.patou.sigma.pipeline.Pipelines;

/** Must-show 1: every SigmaHQ rule file loads and at least 99.5 % of the rules compile. */
class CorpusLoadTest {

  @Test
  void allSigmaHqRulesLoad() throws Exception {
    SigmaLoader loader = Corpus.loadAll(Pipelines.bundled());
    LoadReport r = loader.report();
    System.out.printf(java.util.Locale.ROOT, 
        "files=%d rules=%d loaded=%d unsupported=%d invalid=%d unmapped=%d%n",
        r.files(), r.rules(), r.loadedCount(), r.unsupported().size(), r.invalid().size(), r.unmapped().size());
    r.unsupported().forEach(p -> System.out.println("UNSUPPORTED " + p));
    r.invalid().forEach(p -> System.out.println("INVALID " + p));
    assertThat(r.files()).isEqualTo(3754);
    assertThat(r.loadedCount() + r.unsupported().size() + r.invalid().size()).isEqualTo(r.rules());
    // Tighten if the corpus moves: 99.5 % is the floor.
    assertThat(r.loadedCount() * 1000L).isGreaterThanOrEqualTo(r.rules() * 995L);
    // The detector builds over all of them.
    assertThat(loader.compile(DetectorOptions.defaults()).ruleCount()).isEqualTo(r.loadedCount());
  }
}
