package io.neuroquantum.annealing.solvers;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * One spin configuration of a {@link CsrIsing} model and the Metropolis kernel that moves it: the
 * unit that simulated annealing runs once per read and parallel tempering runs once per temperature.
 *
 * <p>Hot loop: a sweep visits spins 0..n−1 in order. Each spin's local field
 * {@code fᵢ = hᵢ + Σⱼ Jᵢⱼsⱼ} is kept up to date, so a proposal costs O(1) (ΔE = −2sᵢfᵢ) and only an
 * accepted flip pays O(degree) to update its neighbours. Downhill moves are taken without drawing a
 * random number; uphill moves too costly to ever pass (exp(−βΔE)·2⁵³ &lt; 1) are skipped without one.
 * The random source is xorshift128+ held in locals. Integer models compare a 53-bit random draw
 * against a per-β table of thresholds filled lazily, so they never call {@code exp} in the loop.
 */
public final class SpinReplica {

  /** Spins between two stop checks: keeps cancellation and time limits within a sweep. */
  private static final int CHECK_EVERY = 4096;
  /** βΔE above which exp(−βΔE)·2⁵³ &lt; 1: such moves can never be accepted with a 53-bit draw. */
  private static final double MAX_EXPONENT = 53 * Math.log(2);
  private static final double TWO_POW_53 = 0x1.0p53;
  private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

  private final CsrIsing model;
  private final byte[] spins;
  private final int[] fieldInt;
  private final double[] field;
  private long rng0;
  private long rng1;
  private long energyInt;      // integer kernel: scaled energy without offset
  private double energyDouble; // double kernel: energy without offset
  private long attempts;
  private long accepted;

  private final long[] thresholds;
  private final int[] stamps;
  private int generation;

  private final byte[] bestSpins;
  private double bestEnergy = Double.POSITIVE_INFINITY;

  /** A replica in a uniformly random state drawn from {@code seed}. */
  public SpinReplica(CsrIsing model, long seed) {
    this(model, seed, null);
  }

  /** A replica starting from {@code initial} (spins ±1), or a random state when it is null. */
  public SpinReplica(CsrIsing model, long seed, byte[] initial) {
    this.model = model;
    int n = model.n;
    this.spins = new byte[n];
    this.bestSpins = new byte[n];
    long s = SplitMix64.mix(seed);
    rng0 = s == 0 ? 1 : s;
    rng1 = SplitMix64.mix(s ^ 0x5DEECE66DL);
    if (initial != null) {
      if (initial.length != n) {
        throw new IllegalArgumentException("initial state has " + initial.length + " spins, model has " + n);
      }
      System.arraycopy(initial, 0, spins, 0, n);
    } else {
      for (int i = 0; i < n; i++) {
        spins[i] = (nextLong() & 1) == 0 ? (byte) -1 : (byte) 1;
      }
    }
    if (model.isIntegral()) {
      fieldInt = new int[n];
      field = null;
      thresholds = new long[model.maxFieldInt + 1];
      stamps = new int[model.maxFieldInt + 1];
    } else {
      fieldInt = null;
      field = new double[n];
      thresholds = null;
      stamps = null;
    }
    recomputeFields();
  }

  private void recomputeFields() {
    final CsrIsing m = model;
    if (fieldInt != null) {
      long twiceEnergy = 0;
      for (int i = 0; i < m.n; i++) {
        long f = m.hInt[i];
        for (int k = m.start[i]; k < m.start[i + 1]; k++) {
          f += (long) m.couplingInt[k] * spins[m.neighbor[k]];
        }
        fieldInt[i] = (int) f;
        twiceEnergy += spins[i] * (f + m.hInt[i]);
      }
      energyInt = twiceEnergy / 2;
    } else {
      double twiceEnergy = 0;
      for (int i = 0; i < m.n; i++) {
        double f = m.h[i];
        for (int k = m.start[i]; k < m.start[i + 1]; k++) {
          f += m.coupling[k] * spins[m.neighbor[k]];
        }
        field[i] = f;
        twiceEnergy += spins[i] * (f + m.h[i]);
      }
      energyDouble = twiceEnergy / 2;
    }
  }

  private long nextLong() {
    long x = rng0;
    long y = rng1;
    rng0 = y;
    x ^= x << 23;
    rng1 = x ^ y ^ (x >>> 17) ^ (y >>> 26);
    return rng1 + y;
  }

  /**
   * One Metropolis sweep at inverse temperature {@code beta}.
   *
   * @return false when {@code stop} asked to stop part-way through the sweep
   */
  public boolean sweep(double beta, StopCheck stop) {
    return fieldInt != null ? sweepInteger(beta, stop) : sweepDouble(beta, stop);
  }

  private boolean sweepInteger(double beta, StopCheck stop) {
    final int n = model.n;
    final byte[] s = spins;
    final int[] f = fieldInt;
    final int[] start = model.start;
    final int[] nbr = model.neighbor;
    final int[] w = model.couplingInt;
    final long[] thr = thresholds;
    final int[] stamp = stamps;
    // ΔE = 2g/scale with g = −sᵢfᵢ; accept uphill with probability exp(−2gβ/scale).
    final double betaPerUnit = 2 * beta / model.scale;
    final int limit = (int) Math.min(model.maxFieldInt, Math.floor(MAX_EXPONENT / betaPerUnit));
    final int gen = ++generation;
    long r0 = rng0;
    long r1 = rng1;
    long e = 0;
    long acc = 0;
    int i = 0;
    boolean completed = true;
    while (i < n) {
      final int end = Math.min(n, i + CHECK_EVERY);
      for (; i < end; i++) {
        final int si = s[i];
        final int g = -si * f[i];
        if (g > 0) {
          if (g > limit) {
            continue;
          }
          if (stamp[g] != gen) {
            thr[g] = (long) (Math.exp(-g * betaPerUnit) * TWO_POW_53);
            stamp[g] = gen;
          }
          long x = r0;
          final long y = r1;
          r0 = y;
          x ^= x << 23;
          r1 = x ^ y ^ (x >>> 17) ^ (y >>> 26);
          if (((r1 + y) >>> 11) >= thr[g]) {
            continue;
          }
        }
        s[i] = (byte) -si;
        e += g;
        acc++;
        final int twiceNew = -2 * si;   // f_j changes by Jᵢⱼ(s'ᵢ − sᵢ) = 2Jᵢⱼs'ᵢ
        for (int k = start[i], stop2 = start[i + 1]; k < stop2; k++) {
          f[nbr[k]] += twiceNew * w[k];
        }
      }
      if (i < n && stop.shouldStop()) {
        completed = false;
        break;
      }
    }
    rng0 = r0;
    rng1 = r1;
    energyInt += 2 * e;
    attempts += i;
    accepted += acc;
    if (generation == Integer.MAX_VALUE) {
      generation = 0;
      Arrays.fill(stamps, 0);
    }
    return completed;
  }

  private boolean sweepDouble(double beta, StopCheck stop) {
    final int n = model.n;
    final byte[] s = spins;
    final double[] f = field;
    final int[] start = model.start;
    final int[] nbr = model.neighbor;
    final double[] w = model.coupling;
    long r0 = rng0;
    long r1 = rng1;
    double e = 0;
    long acc = 0;
    int i = 0;
    boolean completed = true;
    while (i < n) {
      final int end = Math.min(n, i + CHECK_EVERY);
      for (; i < end; i++) {
        final int si = s[i];
        final double delta = -2 * si * f[i];
        if (delta > 0) {
          final double x = delta * beta;
          if (x >= MAX_EXPONENT) {
            continue;
          }
          long a = r0;
          final long b = r1;
          r0 = b;
          a ^= a << 23;
          r1 = a ^ b ^ (a >>> 17) ^ (b >>> 26);
          if (((r1 + b) >>> 11) * TWO_POW_MINUS_53 >= Math.exp(-x)) {
            continue;
          }
        }
        s[i] = (byte) -si;
        e += delta;
        acc++;
        final double twiceNew = -2 * si;
        for (int k = start[i], stop2 = start[i + 1]; k < stop2; k++) {
          f[nbr[k]] += twiceNew * w[k];
        }
      }
      if (i < n && stop.shouldStop()) {
        completed = false;
        break;
      }
    }
    rng0 = r0;
    rng1 = r1;
    energyDouble += e;
    attempts += i;
    accepted += acc;
    return completed;
  }

  /** Current energy, offset included. */
  public double energy() {
    return fieldInt != null ? model.offset + (double) energyInt / model.scale : model.offset + energyDouble;
  }

  /** Remembers the current state if it is the lowest seen so far; true when it was. */
  public boolean recordIfBest() {
    double e = energy();
    if (e < bestEnergy) {
      bestEnergy = e;
      System.arraycopy(spins, 0, bestSpins, 0, spins.length);
      return true;
    }
    return false;
  }

  /** Lowest energy recorded by {@link #recordIfBest()} (+∞ before the first call). */
  public double bestEnergy() {
    return bestEnergy;
  }

  public byte[] bestSpins() {
    return bestSpins.clone();
  }

  public byte[] spins() {
    return spins.clone();
  }

  public long attempts() {
    return attempts;
  }

  public long accepted() {
    return accepted;
  }

  /** Moves proposed by every replica of a grid (a tempering kernel's or slot range's, [slot][lane]). */
  static long totalAttempts(SpinReplica[][] grid) {
    return sum(grid, SpinReplica::attempts);
  }

  /** Moves accepted by every replica of a grid, as {@link #totalAttempts}. */
  static long totalAccepted(SpinReplica[][] grid) {
    return sum(grid, SpinReplica::accepted);
  }

  private static long sum(SpinReplica[][] grid, ToLongFunction<SpinReplica> count) {
    long sum = 0;
    for (SpinReplica[] row : grid) {
      for (SpinReplica r : row) {
        sum += count.applyAsLong(r);
      }
    }
    return sum;
  }

  /** 64 random bits from this replica's stream, for moves made outside the sweep. */
  long randomBits() {
    return nextLong();
  }

  /** The energy change of flipping {@code sites[0..count)} together (distinct sites). */
  double deltaOfFlipping(int[] sites, int count) {
    final CsrIsing m = model;
    double delta = 0;
    for (int a = 0; a < count; a++) {
      int i = sites[a];
      double f = fieldInt != null ? (double) fieldInt[i] / m.scale : field[i];
      delta -= 2 * spins[i] * f;
      for (int b = a + 1; b < count; b++) {
        int j = sites[b];
        delta += 4 * m.couplingBetween(i, j) * spins[i] * spins[j];
      }
    }
    return delta;
  }

  /** The live spin array, for kernels in this package that read it without copying (cluster moves). */
  byte[] spinsView() {
    return spins;
  }

  /**
   * Flips {@code sites[0..count)} at once, whatever it costs: the cluster moves of parallel tempering
   * decide acceptance themselves. Fields and energy are updated incrementally.
   */
  void flip(int[] sites, int count) {
    final CsrIsing m = model;
    for (int c = 0; c < count; c++) {
      final int i = sites[c];
      final int si = spins[i];
      spins[i] = (byte) -si;
      if (fieldInt != null) {
        energyInt += -2L * si * fieldInt[i];
        for (int k = m.start[i]; k < m.start[i + 1]; k++) {
          fieldInt[m.neighbor[k]] += -2 * si * m.couplingInt[k];
        }
      } else {
        energyDouble += -2.0 * si * field[i];
        for (int k = m.start[i]; k < m.start[i + 1]; k++) {
          field[m.neighbor[k]] += -2.0 * si * m.coupling[k];
        }
      }
    }
  }

  /** Recomputes fields and energy from the spins, removing any floating-point drift. */
  public void resynchronize() {
    recomputeFields();
  }
}
