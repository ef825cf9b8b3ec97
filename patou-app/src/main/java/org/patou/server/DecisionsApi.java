package org.patou.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.patou.decide.DecisionJson;
import org.patou.decide.Allowlist;
import org.patou.decide.Decider;
import org.patou.decide.Decision;
import org.patou.decide.Scope;
import org.patou.prevent.LivePrevention;
import org.patou.respond.DecisionStore;

/**
 * Decisions by hand through the API, like {@code patou decisions add|delete|list}: in the decision
 * store of the data directory (opened per request, so the CLI keeps working), applied and lifted by
 * the live prevention's enforcers when it runs. A decision never lands on an allowlisted value: the
 * server's allowlist plus the address of the caller (whoever administers patou cannot lock
 * themselves out); a refusal answers 409 and is recorded.
 */
final class DecisionsApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final PatouServer server;

  DecisionsApi(PatouServer server) {
    this.server = server;
  }

  /** {@code ?all=true}: expired and lifted ones too. */
  void list(Context ctx) throws SQLException {
    boolean all = "true".equalsIgnoreCase(ctx.queryParam("all"));
    try (DecisionStore store = new DecisionStore(server.options().dataDir())) {
      List<Decision> ds = all ? store.all() : store.active(Instant.now());
      StringBuilder b = new StringBuilder("{\"total\":").append(ds.size()).append(",\"decisions\":[");
      for (int i = 0; i < ds.size(); i++) {
        b.append(i == 0 ? "" : ",").append(DecisionJson.json(ds.get(i)));
      }
      ctx.status(200).contentType("application/json").result(b.append("]}").toString());
    }
  }

  /** {@code {"value":"203.0.113.5","scope":"ip","type":"ban","duration":"4h","reason":"..."}}. */
  void add(Context ctx) throws SQLException, IOException {
    JsonNode body;
    try {
      body = MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("body: a JSON object is needed");
    }
    String value = text(body, "value", null);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("value: an address, range, user, host or SRC->DST is needed");
    }
    String type = text(body, "type", "ban");
    Scope scope = Decider.manualScope(type, Scope.parse(text(body, "scope", "ip")), value, "");
    java.time.Duration duration = Decision.parseDuration(text(body, "duration", "4h"));
    String reason = text(body, "reason", "manual (API)");
    LivePrevention live = server.observer(LivePrevention.class);
    Allowlist allow = (live == null ? Allowlist.EMPTY : live.settings().allowlist()).plus(List.of(ctx.ip()));
    Decider.Escalation esc = live == null ? Decider.Escalation.DEFAULT : live.settings().escalation();
    boolean dry = live != null && live.settings().dryRun();
    Instant now = Instant.now();
    try (DecisionStore store = new DecisionStore(server.options().dataDir())) {
      Decider decider = new Decider(allow, esc, dry, "api", k -> 0);
      Decider.Outcome o = decider.manual(type, scope, value, duration, reason, now);
      if (o.decision() == null) {
        store.refused(now, scope, value, "manual", o.refused());
        ctx.status(409).contentType("application/json").result(MAPPER.writeValueAsString(
            java.util.Map.of("error", value + " is allowlisted: no decision (the attempt is recorded)", "allowlist", o.refused())));
        return;
      }
      Decision d = store.add(o.decision());
      if (live != null) {
        live.enforcement().applyStored(List.of(d));
      }
      ctx.status(201).contentType("application/json").result(DecisionJson.json(d));
    }
  }

  void delete(Context ctx) throws SQLException, IOException {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("id: a decision number is needed");
    }
    try (DecisionStore store = new DecisionStore(server.options().dataDir())) {
      List<Decision> gone = store.delete(id, null, Instant.now());
      if (gone.isEmpty()) {
        ctx.status(404).contentType("application/json").result("{\"error\":\"no active decision " + id + "\"}");
        return;
      }
      LivePrevention live = server.observer(LivePrevention.class);
      if (live != null) {
        live.enforcement().lift(gone);
      }
      ctx.status(200).contentType("application/json").result("{\"deleted\":" + gone.size() + "}");
    }
  }

  private static String text(JsonNode body, String field, String dflt) {
    JsonNode v = body == null ? null : body.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
