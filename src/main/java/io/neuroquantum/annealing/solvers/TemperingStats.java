package io.neuroquantum.annealing.solvers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** These statistics as a sample set's {@code tempering} info (JSON-ready; see {@code SampleSet#info}). */
  public Map<String, Object> toInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("betas", Arrays.stream(betas).boxed().toList());
    m.put("swap_acceptance", Arrays.stream(swapAcceptance).boxed().toList());
    m.put("round_trips", totalRoundTrips());
    m.put("round_trips_per_replica", Arrays.stream(roundTrips).boxed().toList());
    m.put("exchange_rounds", exchangeRounds);
    m.put("cluster_moves", clusterMoves);
    m.put("mean_cluster_size", meanClusterSize);
    m.put("best_energy_trace", bestEnergyTrace.stream().map(p -> List.of(p.sweep(), p.elapsedMs(), p.energy())).toList());
    return m;
  }

  public double minSwapAcceptance() {
    double min = 1;
    for (double a : swapAcceptance) {
      min = Math.min(min, a);
    }
    return min;
  }
}
