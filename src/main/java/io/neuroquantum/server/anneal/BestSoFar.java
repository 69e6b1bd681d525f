package io.neuroquantum.server.anneal;

/**
 * Keeps a running job's best energy in its record as progress reports it, so that if its node dies
 * the survivors' {@code interrupted} record still says how far it got. Writes at most once per
 * interval and one at a time, and only an improvement: a long job costs its store one small UPDATE
 * per interval at most, however often progress is reported. Called from the solver's thread.
 */
final class BestSoFar {

  private final JobStore store;
  private final String id;
  private final long intervalNanos;
  private double written = Double.POSITIVE_INFINITY;
  private long lastWrite = System.nanoTime() - Long.MAX_VALUE / 2;
  private boolean writing;

  BestSoFar(JobStore store, String id, long intervalMs) {
    this.store = store;
    this.id = id;
    this.intervalNanos = intervalMs * 1_000_000L;
  }

  /** A progress report's best energy; the next report offers it again if this one is skipped. */
  synchronized void offer(double energy) {
    long now = System.nanoTime();
    if (!Double.isFinite(energy) || energy >= written || writing || now - lastWrite < intervalNanos) {
      return;
    }
    writing = true;
    lastWrite = now;
    store.bestSoFar(id, energy).onComplete(ar -> written(energy, ar.succeeded()));
  }

  private synchronized void written(double energy, boolean stored) {
    writing = false;
    if (stored) {
      written = Math.min(written, energy);
    }
  }
}
