package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.schedules.TemperatureLadder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of parallel tempering that holds the ladder: given the energies of every slot and lane
 * after a sweep block, it records the best energies, decides the swaps with one random stream, and
 * keeps the statistics. It never touches a spin, so the replicas can sweep in this thread pool or on
 * worker verticles across the event bus and the decisions stay the same.
 *
 * <p>{@link ParallelTempering.Exchange#ALL_PAIRS} tries every neighbouring pair, hot to cold, in
 * one round (a state can travel far in one round); {@link ParallelTempering.Exchange#EVEN_ODD} tries
 * the pairs (t, t+1) with t even in even rounds and t odd in odd rounds, so every slot takes part in
 * at most one swap per round and slots on different machines only ever trade with a neighbour.
 */
public final class TemperingCoordinator {
  private static final int FROM_HOT = 1;
  private static final int FROM_COLD = 2;

  private final int slots;
  private final int lanes;
  private final int runs;
  private final boolean evenOdd;
  private final boolean feedback;
  private final long totalSweeps;
  private final long startNanos;
  private double[] betas;
  private final double[][] energy;      // [slot][lane], current
  private final int[][] label;          // [slot][lane]: which replica (by starting slot) is there
  private final int[][] direction;      // [lane][replica]: the end it visited last
  private final int[] roundTrips;
  private final long[] upVisits;
  private final long[] downVisits;
  private final long[] swapTried;
  private final long[] swapAccepted;
  private final double[] bestEnergy;    // [lane]
  private final List<TemperingStats.BestEnergyPoint> trace = new ArrayList<>();
  private double globalBest = Double.POSITIVE_INFINITY;
  private long rng;
  private long rounds;
  private long nextFeedback;
  private long clusterMoves;
  private long clusterSpins;

  /**
   * @param runs lanes whose results count (the rest are simulated but not reported)
   * @param seed the master seed; the swap stream is {@code SplitMix64.streamSeed(seed, -1)}
   */
  public TemperingCoordinator(TemperatureLadder ladder, int lanes, int runs, long seed, ParallelTempering.Exchange scheme,
      boolean feedbackLadder, long totalSweeps, int interval, long startNanos) {
    this.betas = ladder.betas();
    this.slots = betas.length;
    this.lanes = lanes;
    this.runs = runs;
    this.evenOdd = scheme == ParallelTempering.Exchange.EVEN_ODD;
    this.feedback = feedbackLadder;
    this.totalSweeps = totalSweeps;
    this.startNanos = startNanos;
    this.energy = new double[slots][lanes];
    this.label = new int[slots][lanes];
    for (int t = 0; t < slots; t++) {
      Arrays.fill(label[t], t);
    }
    this.direction = new int[lanes][slots];
    this.roundTrips = new int[slots];
    this.upVisits = new long[slots];
    this.downVisits = new long[slots];
    this.swapTried = new long[slots - 1];
    this.swapAccepted = new long[slots - 1];
    this.bestEnergy = new double[lanes];
    Arrays.fill(bestEnergy, Double.POSITIVE_INFINITY);
    this.rng = SplitMix64.streamSeed(seed, -1);
    this.nextFeedback = feedbackLadder ? Math.max(interval, totalSweeps / 32) : Long.MAX_VALUE;
  }

  public int slots() {
    return slots;
  }

  public int runs() {
    return runs;
  }

  public double beta(int slot) {
    return betas[slot];
  }

  public double[] betas() {
    return betas.clone();
  }

  /** Where the energies of slot {@code t} go after a sweep block: fill it, then call {@link #record}. */
  public double[] energies(int slot) {
    return energy[slot];
  }

  long nextRandom() {
    long z = (rng += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  void countClusterMove(int size) {
    if (size > 0) {
      clusterMoves++;
      clusterSpins += size;
    }
  }

  /**
   * Records improvements of each run's best energy after a sweep block. Returns, per run, the slot
   * that holds its new best state, or −1: the lowest energy of this block wins, the lowest slot among
   * equals, and only a strict improvement counts, so "earliest block, then lowest slot" picks the
   * state wherever the slots live.
   */
  public int[] record(long sweepsDone) {
    int[] at = new int[runs];
    for (int r = 0; r < runs; r++) {
      at[r] = -1;
      double e = bestEnergy[r];
      for (int t = 0; t < slots; t++) {
        if (energy[t][r] < e) {
          e = energy[t][r];
          at[r] = t;
        }
      }
      if (at[r] >= 0) {
        bestEnergy[r] = e;
        if (e < globalBest) {
          globalBest = e;
          trace.add(new TemperingStats.BestEnergyPoint(sweepsDone, (System.nanoTime() - startNanos) / 1e6, e));
        }
      }
    }
    return at;
  }

  /** Decides this round's swaps; returns the accepted lanes of each pair (t, t+1), 0 for none. */
  public long[] decide() {
    long[] masks = new long[slots - 1];
    int parity = (int) (rounds & 1);
    rounds++;
    for (int t = evenOdd ? parity : 0; t + 1 < slots; t += evenOdd ? 2 : 1) {
      double dBeta = betas[t] - betas[t + 1];
      long mask = 0;
      double[] hot = energy[t];
      double[] cold = energy[t + 1];
      for (int r = 0; r < lanes; r++) {
        double x = dBeta * (hot[r] - cold[r]);   // log acceptance
        if (x >= 0 || (nextRandom() >>> 11) * 0x1.0p-53 < Math.exp(x)) {
          mask |= 1L << r;
          double e = hot[r];
          hot[r] = cold[r];
          cold[r] = e;
          int l = label[t][r];
          label[t][r] = label[t + 1][r];
          label[t + 1][r] = l;
        }
      }
      swapTried[t] += runs;
      swapAccepted[t] += Long.bitCount(runs == 64 ? mask : mask & ((1L << runs) - 1));
      masks[t] = mask;
    }
    for (int r = 0; r < runs; r++) {
      int[] dir = direction[r];
      int hotReplica = label[0][r];
      if (dir[hotReplica] == FROM_COLD) {
        roundTrips[hotReplica]++;   // went hot → cold → hot
      }
      dir[hotReplica] = FROM_HOT;
      dir[label[slots - 1][r]] = FROM_COLD;
      for (int t = 0; t < slots; t++) {
        int d = dir[label[t][r]];
        if (d == FROM_HOT) {
          upVisits[t]++;
        } else if (d == FROM_COLD) {
          downVisits[t]++;
        }
      }
    }
    return masks;
  }

  /** Re-places the ladder when the feedback schedule says so (1/32 … 1/4 of the run). */
  public void maybeReshape(long sweepsDone) {
    if (sweepsDone < nextFeedback || sweepsDone > totalSweeps / 4) {
      return;
    }
    nextFeedback *= 2;
    double[] f = new double[slots];
    for (int t = 0; t < slots; t++) {
      long all = upVisits[t] + downVisits[t];
      if (all == 0) {
        return;   // no replica has reached an end yet: too early to tell
      }
      f[t] = (double) upVisits[t] / all;
    }
    betas = new TemperatureLadder(betas).reshaped(f).betas();
    Arrays.fill(upVisits, 0);
    Arrays.fill(downVisits, 0);
  }

  /** The lowest energy any run has reached. */
  public double bestEnergy() {
    return globalBest;
  }

  public TemperingStats stats() {
    double[] acceptance = new double[slots - 1];
    for (int t = 0; t < slots - 1; t++) {
      acceptance[t] = swapTried[t] == 0 ? 0 : (double) swapAccepted[t] / swapTried[t];
    }
    return new TemperingStats(betas.clone(), acceptance, roundTrips.clone(), rounds, clusterMoves,
        clusterMoves == 0 ? 0 : (double) clusterSpins / clusterMoves, List.copyOf(trace));
  }
}
