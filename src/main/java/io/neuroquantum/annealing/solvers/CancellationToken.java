package io.neuroquantum.annealing.solvers;

/** Lets another thread stop a running solve; the solver returns the best it has within a sweep. */
public final class CancellationToken {
  private volatile boolean cancelled;

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }
}
