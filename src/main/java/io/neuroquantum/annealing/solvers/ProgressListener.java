package io.neuroquantum.annealing.solvers;

/**
 * Receives progress while a solver runs, at most every {@link RunControl#progressIntervalNanos()}
 * and once at the end. Called from solver threads, one call at a time; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(Progress progress);

  ProgressListener NONE = p -> { };
}
