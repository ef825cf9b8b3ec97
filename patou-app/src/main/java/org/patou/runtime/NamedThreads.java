package org.patou.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread factory giving names {@code prefix-N} (or exactly {@code prefix} for a single thread),
 * so thread dumps say who owns what. Platform threads: the build's API checker runs on Java 17 and
 * cannot resolve {@code Thread.Builder}; switch per-connection threads to virtual ones once it can.
 */
public final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final boolean daemon;
  private final boolean numbered;
  private final AtomicInteger next = new AtomicInteger();

  private NamedThreads(String prefix, boolean daemon, boolean numbered) {
    this.prefix = prefix;
    this.daemon = daemon;
    this.numbered = numbered;
  }

  /** Threads named {@code prefix-0}, {@code prefix-1}... */
  public static NamedThreads numbered(String prefix, boolean daemon) {
    return new NamedThreads(prefix, daemon, true);
  }

  /** Threads named exactly {@code name}. */
  public static NamedThreads single(String name, boolean daemon) {
    return new NamedThreads(name, daemon, false);
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, numbered ? prefix + "-" + next.getAndIncrement() : prefix);
    t.setDaemon(daemon);
    return t;
  }
}
