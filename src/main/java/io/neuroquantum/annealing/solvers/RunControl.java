package io.neuroquantum.annealing.solvers;

import java.time.Duration;
import java.util.Objects;

/**
 * How a solve runs, as opposed to what it computes: threads, a time limit, a cancellation token and
 * a progress listener. For a given seed, the answer does not depend on the thread count; a time
 * limit or cancellation stops within one sweep and keeps the best states found so far.
 */
public record RunControl(int threads, Duration timeLimit, CancellationToken cancellation,
    ProgressListener progress, long progressIntervalNanos) {

  public RunControl {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(progress, "progress");
    if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
      throw new IllegalArgumentException("time limit must be positive: " + timeLimit);
    }
  }

  /** All cores, no time limit, no listener. */
  public static RunControl defaults() {
    return new RunControl(Runtime.getRuntime().availableProcessors(), null, new CancellationToken(),
        ProgressListener.NONE, 100_000_000L);
  }

  public RunControl withThreads(int n) {
    return new RunControl(n, timeLimit, cancellation, progress, progressIntervalNanos);
  }

  public RunControl withTimeLimit(Duration limit) {
    return new RunControl(threads, limit, cancellation, progress, progressIntervalNanos);
  }

  public RunControl withCancellation(CancellationToken token) {
    return new RunControl(threads, timeLimit, token, progress, progressIntervalNanos);
  }

  public RunControl withProgress(ProgressListener listener, Duration interval) {
    return new RunControl(threads, timeLimit, cancellation, listener, interval.toNanos());
  }

  /** Starts the clock: the returned check answers "stop now?" for this solve (public for solvers in other packages). */
  public StopCheck start() {
    long now = System.nanoTime();
    long deadline = timeLimit == null ? Long.MAX_VALUE : now + timeLimit.toNanos();
    return new StopCheck(cancellation, deadline, now);
  }
}
