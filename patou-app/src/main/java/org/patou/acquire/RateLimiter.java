package org.patou.acquire;

/**
 * A token bucket: {@code rate} events per second, bursts up to one second's worth. Rate 0 means no
 * limit. Thread-safe; time comes from {@link System#nanoTime()}.
 */
public final class RateLimiter {
  private final double rate;
  private double tokens;
  private long last = System.nanoTime();

  public RateLimiter(double rate) {
    this.rate = rate;
    this.tokens = rate;
  }

  /** Takes n tokens if there are enough now. */
  public synchronized boolean tryAcquire(int n) {
    if (rate <= 0) {
      return true;
    }
    refill();
    if (tokens >= n || (n > rate && tokens >= rate)) {
      tokens -= n;
      return true;
    }
    return false;
  }

  /** Waits for n tokens (the sender is slowed down). */
  public void acquire(int n) throws InterruptedException {
    if (rate <= 0) {
      return;
    }
    long waitNanos;
    synchronized (this) {
      refill();
      tokens -= n;
      waitNanos = tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
    }
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
    last = now;
  }
}
