package org.patou.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the web console, in memory (a restart signs everyone out, which is what a
 * small server wants): a session id in an HttpOnly cookie, valid for {@link #IDLE_MS} after its last
 * use. Also one-time sign-in codes, so that {@code patou demo} can print a link that signs in once
 * without putting an API token in a URL (where it would stay in the browser's history).
 * Thread-safe.
 */
public final class Sessions {
  static final long IDLE_MS = 8 * 3_600_000L;
  static final long CODE_MS = 10 * 60_000L;
  private static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Long> sessions = new ConcurrentHashMap<>();
  private final Map<String, Long> codes = new ConcurrentHashMap<>();
  private final java.util.function.LongSupplier clock;

  public Sessions() {
    this(System::currentTimeMillis);
  }

  Sessions(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  /** A new session id (after a valid token or code). */
  public String open() {
    long now = clock.getAsLong();
    if (sessions.size() >= MAX_SESSIONS) {
      sweep(now);
    }
    String id = random();
    sessions.put(id, now + IDLE_MS);
    return id;
  }

  /** True for a live session; its idle time starts again. */
  public boolean check(String id) {
    if (id == null) {
      return false;
    }
    long now = clock.getAsLong();
    Long until = sessions.get(id);
    if (until == null || until < now) {
      sessions.remove(id);
      return false;
    }
    sessions.put(id, now + IDLE_MS);
    return true;
  }

  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** A code that opens one session within {@link #CODE_MS}. */
  public String oneTimeCode() {
    String c = random();
    codes.put(c, clock.getAsLong() + CODE_MS);
    return c;
  }

  /** Uses up a code: true when it was valid. */
  public boolean redeem(String code) {
    if (code == null) {
      return false;
    }
    Long until = codes.remove(code);
    return until != null && until >= clock.getAsLong();
  }

  private void sweep(long now) {
    for (Iterator<Long> it = sessions.values().iterator(); it.hasNext(); ) {
      if (it.next() < now) {
        it.remove();
      }
    }
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.clear(); // flooded: everyone signs in again rather than memory growing
    }
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
