package io.neuroquantum.server.gateway;

import io.vertx.core.Vertx;
import java.util.function.LongConsumer;

/**
 * The timers that hold a connection to its credentials' lifetime: a warning {@code warningMs} before
 * they expire (at once when less remains; once per expiry time, so re-presenting the same token does
 * not repeat it) and the end, {@code leewayMs} after they expire. Rescheduled by every successful
 * {@code refresh}; runs on the connection's event loop.
 */
final class CredentialExpiry {

  private final Vertx vertx;
  private final long leewayMs;
  private final long warningMs;
  private final LongConsumer warn;
  private final Runnable expire;
  private long warningTimer = -1;
  private long expiryTimer = -1;
  private Long warnedFor;
  private boolean cancelled;

  CredentialExpiry(Vertx vertx, long leewayMs, long warningMs, LongConsumer warn, Runnable expire) {
    this.vertx = vertx;
    this.leewayMs = leewayMs;
    this.warningMs = warningMs;
    this.warn = warn;
    this.expire = expire;
  }

  /** Follows credentials that expire at {@code expiresAt} (epoch ms), or never when null. */
  void schedule(Long expiresAt) {
    if (cancelled) {
      return;
    }
    clearTimers();
    if (expiresAt == null) {
      return;
    }
    long now = System.currentTimeMillis();
    expiryTimer = vertx.setTimer(Math.max(1, expiresAt + leewayMs - now), id -> {
      expiryTimer = -1;
      if (!cancelled) {
        expire.run();
      }
    });
    if (warningMs > 0 && !expiresAt.equals(warnedFor)) {
      warningTimer = vertx.setTimer(Math.max(1, expiresAt - warningMs - now), id -> {
        warningTimer = -1;
        if (!cancelled) {
          warnedFor = expiresAt;
          warn.accept(expiresAt);
        }
      });
    }
  }

  void cancel() {
    cancelled = true;
    clearTimers();
  }

  private void clearTimers() {
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
    if (warningTimer >= 0) {
      vertx.cancelTimer(warningTimer);
      warningTimer = -1;
    }
  }
}
