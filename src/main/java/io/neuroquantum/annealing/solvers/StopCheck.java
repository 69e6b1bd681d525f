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

  /**
   * For reads that run in {@code waves} one after another on each thread under a time limit: a check
   * for wave {@code wave} that stops at the end of its share of the time (the deadline itself for the
   * last wave), and at cancellation. Without a deadline it is this check. What stops a share is
   * reported through {@link #adopt}.
   */
  public StopCheck share(int wave, int waves) {
    if (deadlineNanos == Long.MAX_VALUE || waves <= 1) {
      return this;
    }
    long budget = deadlineNanos - startNanos;
    long end = wave + 1 >= waves ? deadlineNanos : startNanos + budget / waves * (wave + 1);
    return new StopCheck(token, end, startNanos);
  }

  /** A share that ran out of time or was cancelled makes the whole solve say so. */
  public void adopt(StopCheck share) {
    if (share != this && share.reason != null && reason == null) {
      reason = share.reason;
    }
  }
}
