package io.neuroquantum.annealing.solvers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A few threads kept for a whole solve, running "every slot once" rounds: slots are split into
 * contiguous chunks, one per thread. Each slot's work touches only that slot, so the result does not
 * depend on the thread count.
 */
final class SlotWorkers implements AutoCloseable {

  private final ExecutorService pool;
  private final int threads;

  SlotWorkers(int threads) {
    this.threads = threads;
    this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "nq-tempering");
      t.setDaemon(true);
      return t;
    });
  }

  void forEachSlot(int slots, IntConsumer work) {
    if (pool == null) {
      for (int t = 0; t < slots; t++) {
        work.accept(t);
      }
      return;
    }
    int chunks = Math.min(threads, slots);
    List<Future<?>> futures = new ArrayList<>(chunks);
    for (int c = 1; c < chunks; c++) {
      int from = slots * c / chunks;
      int to = slots * (c + 1) / chunks;
      futures.add(pool.submit(() -> {
        for (int t = from; t < to; t++) {
          work.accept(t);
        }
      }));
    }
    for (int t = 0; t < slots / chunks; t++) {   // the caller takes the first chunk
      work.accept(t);
    }
    ParallelReads.awaitAll(futures);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
