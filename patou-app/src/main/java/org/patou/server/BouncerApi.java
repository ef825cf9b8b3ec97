package org.patou.server;

import io.javalin.http.Context;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.patou.decide.Decision;
import org.patou.respond.BouncerStore;
import org.patou.respond.DecisionStore;
import org.patou.respond.LapiDecisions;

/**
 * CrowdSec's bouncer routes ({@code GET /v1/decisions}, {@code GET /v1/decisions/stream}),
 * authenticated by {@code X-Api-Key} (keys from {@code patou bouncers add}), never by the admin
 * Bearer token. The decision database ({@code <data>/patou.mv.db}) is opened per request and closed
 * at once, so {@code patou decisions} and {@code patou bouncers} can write it while the server runs.
 * Requests are served one at a time: bouncers pull every few seconds, and a stream pull reads then
 * writes the bouncer's state.
 */
final class BouncerApi {
  static final String KEY_HEADER = "X-Api-Key";
  private final Path dataDir;
  private final Object lock = new Object();

  BouncerApi(Path dataDir) {
    this.dataDir = dataDir;
  }

  void decisions(Context ctx) throws SQLException {
    synchronized (lock) {
      try (BouncerStore bouncers = new BouncerStore(dataDir); DecisionStore decisions = new DecisionStore(dataDir)) {
        BouncerStore.Bouncer b = authenticate(ctx, bouncers);
        if (b == null) {
          return;
        }
        Instant now = Instant.now();
        List<Decision> out;
        try {
          out = LapiDecisions.select(decisions.active(now), ctx.queryParamMap());
        } catch (IllegalArgumentException e) {
          json(ctx, 400, message(e.getMessage()));
          return;
        }
        bouncers.pulled(b.name(), now, ctx.userAgent(), ctx.ip());
        json(ctx, 200, LapiDecisions.json(out, now));
      }
    }
  }

  void stream(Context ctx) throws SQLException {
    synchronized (lock) {
      try (BouncerStore bouncers = new BouncerStore(dataDir); DecisionStore decisions = new DecisionStore(dataDir)) {
        BouncerStore.Bouncer b = authenticate(ctx, bouncers);
        if (b == null) {
          return;
        }
        Instant now = Instant.now();
        LapiDecisions.Delta d;
        try {
          d = LapiDecisions.stream(decisions.active(now), bouncers.sent(b.name()), ctx.queryParamMap());
        } catch (IllegalArgumentException e) {
          json(ctx, 400, message(e.getMessage()));
          return;
        }
        bouncers.setSent(b.name(), d.nowSent());
        bouncers.pulled(b.name(), now, ctx.userAgent(), ctx.ip());
        json(ctx, 200, LapiDecisions.streamJson(d, now));
      }
    }
  }

  /** The bouncer of the request's key, or null after answering 403 as CrowdSec does. */
  private static BouncerStore.Bouncer authenticate(Context ctx, BouncerStore bouncers) throws SQLException {
    BouncerStore.Bouncer b = bouncers.authenticate(ctx.header(KEY_HEADER));
    if (b == null) {
      json(ctx, 403, message("access forbidden"));
    }
    return b;
  }

  /** CrowdSec's error body: {@code {"message": "..."}}. */
  private static String message(String text) {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("message", text).toString();
  }

  private static void json(Context ctx, int status, String body) {
    ctx.status(status).contentType("application/json; charset=utf-8").result(body);
  }

  static final String DECISIONS = "/v1/decisions";
  static final String STREAM = "/v1/decisions/stream";

  /** Exactly one of the two routes: every other path keeps the Bearer check, whatever its prefix. */
  static boolean isBouncerRoute(String path) {
    return DECISIONS.equals(path) || STREAM.equals(path);
  }
}
