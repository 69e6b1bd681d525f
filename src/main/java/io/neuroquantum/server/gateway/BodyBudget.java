package io.neuroquantum.server.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.HashMap;
import java.util.Map;

/**
 * How many bytes of REST request bodies the server holds at once: at most
 * {@code http.max_inflight_body_bytes} in all and {@code http.max_inflight_body_bytes_per_user} for
 * one user. A body's declared length (or, without one, its endpoint's limit) is reserved before the
 * body is read and released when its response has ended, so the parse that follows is covered too.
 * One budget per server, shared by every gateway instance.
 */
final class BodyBudget implements Shareable {

  static final long DEFAULT_MAX_INFLIGHT_BYTES = 16L << 20;
  static final long DEFAULT_MAX_INFLIGHT_BYTES_PER_USER = 4L << 20;

  /** What stood in the way of a reservation. */
  enum Refusal {
    NONE, USER, SERVER
  }

  private final long maxInFlight;
  private final long maxPerUser;
  private long inFlight;
  private final Map<String, Long> byUser = new HashMap<>();

  BodyBudget(long maxInFlight, long maxPerUser) {
    this.maxInFlight = maxInFlight;
    this.maxPerUser = maxPerUser;
  }

  /** The server's budget, made from {@code http} on first use. */
  static BodyBudget shared(Vertx vertx, JsonObject http) {
    BodyBudget mine = new BodyBudget(http.getLong("max_inflight_body_bytes", DEFAULT_MAX_INFLIGHT_BYTES),
        http.getLong("max_inflight_body_bytes_per_user", DEFAULT_MAX_INFLIGHT_BYTES_PER_USER));
    BodyBudget theirs = vertx.sharedData().<String, BodyBudget>getLocalMap("nq.gateway").putIfAbsent("body_budget", mine);
    return theirs != null ? theirs : mine;
  }

  long maxInFlight() {
    return maxInFlight;
  }

  long maxPerUser() {
    return maxPerUser;
  }

  synchronized Refusal tryReserve(String user, long bytes) {
    long users = byUser.getOrDefault(user, 0L);
    if (users + bytes > maxPerUser) {
      return Refusal.USER;
    }
    if (inFlight + bytes > maxInFlight) {
      return Refusal.SERVER;
    }
    byUser.put(user, users + bytes);
    inFlight += bytes;
    return Refusal.NONE;
  }

  synchronized void release(String user, long bytes) {
    inFlight -= bytes;
    byUser.computeIfPresent(user, (u, held) -> held - bytes <= 0 ? null : held - bytes);
  }
}
