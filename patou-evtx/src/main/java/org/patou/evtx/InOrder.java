package org.patou.evtx;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs {@code task(0) … task(count - 1)} on an executor, at most {@code window} at a time, and
 * hands the results to {@code sink} in index order on the calling thread. With no executor given it
 * uses a private pool of named daemon threads, shut down before returning. An exception from a task
 * or the sink cancels what is still queued and propagates unwrapped.
 */
final class InOrder {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private InOrder() {}

  static <R> void run(long count, LongFunction<R> task, int threads, Executor executor, Consumer<R> sink) {
    ExecutorService own = executor == null ? pool(threads) : null;
    Executor ex = own != null ? own : executor;
    int window = Math.max(2, threads * 2);
    ArrayDeque<CompletableFuture<R>> queue = new ArrayDeque<>(window);
    try {
      long next = 0;
      while (next < count && queue.size() < window) {
        long i = next++;
        queue.add(CompletableFuture.supplyAsync(() -> task.apply(i), ex));
      }
      while (!queue.isEmpty()) {
        R r = join(queue.poll());
        if (next < count) {
          long i = next++;
          queue.add(CompletableFuture.supplyAsync(() -> task.apply(i), ex));
        }
        sink.accept(r);
      }
    } finally {
      for (CompletableFuture<R> f : queue) {
        f.cancel(false);
      }
      if (own != null) {
        own.shutdownNow();
      }
    }
  }

  private static <R> R join(CompletableFuture<R> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static ExecutorService pool(int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "patou-evtx-" + id + "-decode-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
  }
}
