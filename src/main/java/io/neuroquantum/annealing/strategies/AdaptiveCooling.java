package io.neuroquantum.annealing.strategies;

import io.neuroquantum.annealing.schedules.BetaRange;
import io.neuroquantum.annealing.solvers.SpinReplica;
import io.neuroquantum.annealing.solvers.StopCheck;

/**
 * Cooling that follows the heat capacity: the anneal runs in blocks; after each block β is
 * multiplied by r^w, where r is the geometric schedule's per-block ratio and
 * w = clamp(s̄ / s, ¼, 4), s = β·σ_E the block's dimensionless energy fluctuation and s̄ the mean of s
 * over the blocks so far. Large fluctuations (a phase transition, where the system reorganises) make
 * the steps small; quiet stretches are crossed fast. β never passes the cold end.
 */
final class AdaptiveCooling {

  private AdaptiveCooling() {
  }

  /** Anneals {@code replica} for {@code sweeps} sweeps; returns the β of each block. */
  static double[] anneal(SpinReplica replica, BetaRange range, int sweeps, int blocks, StopCheck stop) {
    int blockLength = Math.max(1, sweeps / blocks);
    int blockCount = (sweeps + blockLength - 1) / blockLength;
    double ratio = Math.pow(range.cold() / range.hot(), 1.0 / Math.max(1, blockCount - 1));
    double[] schedule = new double[blockCount];
    double beta = range.hot();
    double sumS = 0;
    int done = 0;
    for (int b = 0; b < blockCount && !stop.shouldStop(); b++) {
      schedule[b] = beta;
      int k = Math.min(blockLength, sweeps - done);
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < k; i++) {
        if (!replica.sweep(beta, stop)) {
          break;
        }
        replica.recordIfBest();
        double e = replica.energy();
        sum += e;
        sumSq += e * e;
      }
      done += k;
      double mean = sum / k;
      double sigma = Math.sqrt(Math.max(0, sumSq / k - mean * mean));
      double s = beta * sigma;
      sumS += s;
      double sBar = sumS / (b + 1);
      double w = s > 0 ? Math.max(0.25, Math.min(4, sBar / s)) : 4;
      beta = Math.min(range.cold(), beta * Math.pow(ratio, w));
    }
    return schedule;
  }
}
