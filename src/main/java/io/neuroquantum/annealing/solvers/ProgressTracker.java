package io.neuroquantum.annealing.solvers;

import java.util.concurrent.atomic.AtomicLong;

/** Combines progress reports from parallel reads and forwards them to a listener at a bounded rate. */
public final class ProgressTracker {
  private final ProgressListener listener;
  private final long intervalNanos;
  private final long totalSweeps;
  private final long startNanos;
  private final AtomicLong sweepsDone = new AtomicLong();
  private double bestEnergy = Double.POSITIVE_INFINITY;
  private long lastReportNanos;

  public ProgressTracker(ProgressListener listener, long intervalNanos, long totalSweeps, long startNanos) {
    this.listener = listener;
    this.intervalNanos = intervalNanos;
    this.totalSweeps = totalSweeps;
    this.startNanos = startNanos;
    this.lastReportNanos = startNanos;
  }

  /** Called by a read after some sweeps; cheap unless a report is due. */
  public void advance(long sweeps, double readBestEnergy) {
    sweepsDone.addAndGet(sweeps);
    if (listener == ProgressListener.NONE) {
      return;
    }
    long now = System.nanoTime();
    synchronized (this) {
      bestEnergy = Math.min(bestEnergy, readBestEnergy);
      if (now - lastReportNanos >= intervalNanos) {
        lastReportNanos = now;
        listener.onProgress(new Progress(sweepsDone.get(), totalSweeps, bestEnergy, now - startNanos));
      }
    }
  }

  public synchronized void finish(double finalBestEnergy) {
    bestEnergy = Math.min(bestEnergy, finalBestEnergy);
    if (listener != ProgressListener.NONE) {
      listener.onProgress(new Progress(sweepsDone.get(), totalSweeps, bestEnergy, System.nanoTime() - startNanos));
    }
  }
}
