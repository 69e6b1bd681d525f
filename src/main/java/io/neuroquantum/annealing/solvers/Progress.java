package io.neuroquantum.annealing.solvers;

/**
 * A snapshot of a running solve.
 *
 * @param sweepsDone sweeps completed over all reads (or steps, for non-sweeping solvers)
 * @param totalSweeps sweeps the whole solve will run if nothing stops it
 * @param bestEnergy lowest energy seen so far over all reads (+∞ before the first report)
 * @param elapsedNanos time since the solve started
 */
public record Progress(long sweepsDone, long totalSweeps, double bestEnergy, long elapsedNanos) {

  public double fraction() {
    return totalSweeps == 0 ? 1.0 : Math.min(1.0, (double) sweepsDone / totalSweeps);
  }
}
