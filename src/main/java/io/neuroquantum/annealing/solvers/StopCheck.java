package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.SamplingStats;

/**
 * Polled by kernels every few thousand spin updates: true once the solve is cancelled or past its
 * deadline. Cheap (one volatile read and one clock read), so kernels may call it inside a sweep.
 */
public final class StopCheck {
  private final CancellationToken token;
  private final long deadlineNanos;
  private final long startNanos;
  private volatile String reason;

  StopCheck(CancellationToken token, long deadlineNanos, long startNanos) {
    this.token = token;
    this.deadlineNanos = deadlineNanos;
    this.startNanos = startNanos;
  }

  /** A check that never stops: for kernels run outside a solve (benchmarks, tests). */
  public static StopCheck never() {
    return new StopCheck(new CancellationToken(), Long.MAX_VALUE, System.nanoTime());
  }

  public boolean shouldStop() {
    if (reason != null) {
      return true;
    }
    if (token.isCancelled()) {
      reason = SamplingStats.CANCELLED;
      return true;
    }
    if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
      reason = SamplingStats.TIME_LIMIT;
      return true;
    }
    return false;
  }

  /** Why the solve stopped, or {@code completed}. */
  public String reason() {
    return reason == null ? SamplingStats.COMPLETED : reason;
  }

  public long startNanos() {
    return startNanos;
  }
}
