package io.neuroquantum.server.anneal;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;

/**
 * Where the worker verticles of distributed jobs run: one named pool of bounded size that every job
 * shares, so {@code "workers": N} adds verticles, not threads, and never crowds Vert.x's default
 * worker pool, which the rest of the server (job parsing, the job store, queries) relies on.
 */
public record WorkerPool(String name, int size) {

  /** The pool's name, as it appears in the vertx_pool_* metrics. */
  public static final String NAME = "nq-anneal-workers";

  public WorkerPool {
    if (size < 1) {
      throw new IllegalArgumentException("a worker pool needs at least one thread: " + size);
    }
  }

  DeploymentOptions deploymentOptions() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(name)
        .setWorkerPoolSize(size);
  }
}
