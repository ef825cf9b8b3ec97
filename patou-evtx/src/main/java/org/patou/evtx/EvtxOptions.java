package org.patou.evtx;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How to read a file.
 *
 * @param threads chunks decoded in parallel: 1 decodes on the calling thread; 0 picks {@code
 *     min(4, processors)}. Ignored when {@code executor} is given.
 * @param executor where chunk decoding runs (the caller owns it), or null for a pool of named
 *     daemon threads that lives for one {@code records} call
 * @param warnings receives each warning, on the calling thread, in file order; null ignores them
 * @param strict throw an {@link EvtxException} at the first corruption instead of warning
 */
public record EvtxOptions(int threads, Executor executor, Consumer<EvtxWarning> warnings, boolean strict) {

  /** Parallel decoding with a private pool; warnings ignored. */
  public static EvtxOptions defaults() {
    return new EvtxOptions(0, null, null, false);
  }

  /** Everything on the calling thread. */
  public static EvtxOptions singleThreaded() {
    return new EvtxOptions(1, null, null, false);
  }

  public EvtxOptions withWarnings(Consumer<EvtxWarning> sink) {
    return new EvtxOptions(threads, executor, sink, strict);
  }

  public EvtxOptions withThreads(int n) {
    return new EvtxOptions(n, executor, warnings, strict);
  }

  public EvtxOptions withExecutor(Executor e) {
    return new EvtxOptions(threads, e, warnings, strict);
  }

  public EvtxOptions withStrict(boolean s) {
    return new EvtxOptions(threads, executor, warnings, s);
  }

  int effectiveThreads() {
    return threads > 0 ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
  }
}
