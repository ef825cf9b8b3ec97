package org.patou.hunt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.patou.runtime.NamedThreads;
import org.patou.sigma.SigmaLoader;
import org.patou.sigma.rule.RuleSource;

/**
 * Adds rule files to a {@link SigmaLoader}, parsing them on all cores first: parsing the ~3,750
 * SigmaHQ files is most of a hunt's start-up, and {@link SigmaLoader#parse} is thread-safe while
 * {@link SigmaLoader#add(SigmaLoader.Parsed)} is not. Files are added in their given order, so the
 * report and detector equal those of adding them one by one.
 */
public final class ParallelRuleLoading {
  /** Below this many files, threads cost more than they save. */
  static final int MIN_FILES = 64;

  private ParallelRuleLoading() {}

  public static void addAll(SigmaLoader loader, List<RuleSource> sources) {
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), 8);
    if (threads < 2 || sources.size() < MIN_FILES) {
      sources.forEach(loader::add);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, NamedThreads.numbered("patou-rules-parse", true));
    try {
      // Contiguous slices, one task each: results come back in file order.
      int slice = (sources.size() + threads - 1) / threads;
      List<Future<List<SigmaLoader.Parsed>>> parts = new ArrayList<>();
      for (int from = 0; from < sources.size(); from += slice) {
        List<RuleSource> part = sources.subList(from, Math.min(sources.size(), from + slice));
        parts.add(pool.submit(() -> part.stream().map(loader::parse).toList()));
      }
      for (Future<List<SigmaLoader.Parsed>> f : parts) {
        f.get().forEach(loader::add);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading rules", e);
    } catch (ExecutionException e) {
      // parse() never throws for bad input; anything here is a bug or an Error: surface it.
      throw new IllegalStateException("rule parsing failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
