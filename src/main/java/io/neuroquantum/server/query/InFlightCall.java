package io.neuroquantum.server.query;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The one database call a cursor has in flight, and how to stop it. A cancel is repeated until the
 * call has returned, because one that reaches the database just before a statement starts is lost:
 * H2 clears a pending cancel when a command starts, and PostgreSQL ignores a cancel request that
 * arrives while its session is between statements. Used from one event loop.
 */
final class InFlightCall {

  private static final long RETRY_MS = 500;

  private final Vertx vertx;
  private Future<?> current = Future.succeededFuture();

  InFlightCall(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Remembers {@code call} as the call in flight and returns it. */
  <T> Future<T> track(Future<T> call) {
    current = call;
    return call;
  }

  /** Runs {@code cancel} now and every {@value #RETRY_MS} ms until the call in flight has returned. */
  Future<Void> cancelUntilIdle(Runnable cancel) {
    if (current.isComplete()) {
      return Future.succeededFuture();
    }
    cancel.run();
    Promise<Void> idle = Promise.promise();
    long timer = vertx.setPeriodic(RETRY_MS, id -> cancel.run());
    current.onComplete(ar -> {
      vertx.cancelTimer(timer);
      idle.complete();
    });
    return idle.future();
  }
}
