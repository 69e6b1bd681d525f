package io.neuroquantum.annealing.solvers;

import java.util.List;

/**
 * What a practitioner reads off a parallel-tempering run.
 *
 * @param betas the final ladder, hottest first
 * @param swapAcceptance accepted / attempted exchanges between temperature i and i+1, over all runs
 * @param roundTrips completed hot → cold → hot trips of each replica (indexed by the temperature it
 *     started at), summed over runs
 * @param exchangeRounds how many times exchanges were attempted
 * @param clusterMoves Houdayer cluster moves made, and {@code meanClusterSize} their mean size
 * @param bestEnergyTrace every improvement of the best energy over all runs, in order
 */
public record TemperingStats(double[] betas, double[] swapAcceptance, int[] roundTrips, long exchangeRounds,
    long clusterMoves, double meanClusterSize, List<BestEnergyPoint> bestEnergyTrace) {

  /** The best energy found so far, after {@code sweep} sweeps per replica and {@code elapsedMs}. */
  public record BestEnergyPoint(long sweep, double elapsedMs, double energy) {
  }

  public int totalRoundTrips() {
    int sum = 0;
    for (int r : roundTrips) {
      sum += r;
    }
    return sum;
  }

  public double minSwapAcceptance() {
    double min = 1;
    for (double a : swapAcceptance) {
      min = Math.min(min, a);
    }
    return min;
  }
}
