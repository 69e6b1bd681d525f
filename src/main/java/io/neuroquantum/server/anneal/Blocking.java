package io.neuroquantum.server.anneal;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;

/** Waiting on a worker thread (a job's solver thread, never an event loop) for a future completed elsewhere. */
final class Blocking {
  private Blocking() {
  }

  /** The future's result; its failure rethrown as it is (a RuntimeException or an Error) or wrapped. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
