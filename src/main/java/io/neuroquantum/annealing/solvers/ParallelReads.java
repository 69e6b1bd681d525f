package io.neuroquantum.annealing.solvers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs independent, indexed tasks on a few platform threads. Each task writes its own slot of the
 * result, so the outcome does not depend on how tasks land on threads.
 */
public final class ParallelReads {
  private ParallelReads() {
  }

  public static void run(int tasks, int threads, IntConsumer task) {
    int workers = Math.min(threads, tasks);
    if (workers <= 1) {
      for (int t = 0; t < tasks; t++) {
        task.accept(t);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread thread = new Thread(r, "nq-solver");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(tasks);
      for (int t = 0; t < tasks; t++) {
        int index = t;
        futures.add(pool.submit(() -> task.accept(index)));
      }
      awaitAll(futures);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for every task; a task's exception is rethrown as it was thrown. */
  static void awaitAll(List<Future<?>> futures) {
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while solving", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
