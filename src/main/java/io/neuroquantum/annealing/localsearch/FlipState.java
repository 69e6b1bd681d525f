package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.solvers.CsrIsing;
import java.util.SplittableRandom;

/**
 * A spin state of a {@link CsrIsing} model with every local field {@code fᵢ = hᵢ + Σⱼ Jᵢⱼsⱼ} kept
 * current, so the energy change of flipping spin i is read in O(1) ({@code ΔE = −2sᵢfᵢ}) and a flip
 * costs O(degree). Descent and tabu search scan these changes every step, which is why they live in
 * flat arrays that are allocated once per state and reused for every start.
 */
final class FlipState {

  /** Flips between two full recomputations of the fields: bounds floating-point drift on real couplings. */
  private static final int RESYNC_EVERY = 1 << 16;

  final int n;
  final byte[] spins;
  final double[] field;
  private final double[] h;
  /** The couplings in CSR form: spin i's neighbours are {@code neighbor[start[i] .. start[i+1])}. */
  final int[] start;
  final int[] neighbor;
  private final double[] coupling;
  private final double offset;
  private double energy;
  private int flipsSinceResync;

  FlipState(CsrIsing model) {
    n = model.numVariables();
    h = model.linearView();
    start = model.rowStartView();
    neighbor = model.neighborView();
    coupling = model.couplingView();
    offset = model.offset();
    spins = new byte[n];
    field = new double[n];
  }

  /** Starts from the given spins (±1), copied. */
  void load(byte[] initialSpins) {
    System.arraycopy(initialSpins, 0, spins, 0, n);
    resynchronize();
  }

  /** Starts from a uniformly random state. */
  void randomize(SplittableRandom random) {
    for (int i = 0; i < n; i++) {
      spins[i] = random.nextBoolean() ? (byte) 1 : (byte) -1;
    }
    resynchronize();
  }

  /** The energy change of flipping spin i alone. */
  double delta(int i) {
    return -2 * spins[i] * field[i];
  }

  /**
   * Flips spin i; true when this flip ended with a full recomputation of the fields, after which
   * every change may differ by rounding, not only those of i's neighbours.
   */
  boolean flip(int i) {
    int si = spins[i];
    energy += -2 * si * field[i];
    spins[i] = (byte) -si;
    double twiceNew = -2 * si;   // fⱼ changes by Jᵢⱼ(s'ᵢ − sᵢ) = 2Jᵢⱼs'ᵢ
    for (int k = start[i], end = start[i + 1]; k < end; k++) {
      field[neighbor[k]] += twiceNew * coupling[k];
    }
    if (++flipsSinceResync == RESYNC_EVERY) {
      resynchronize();
      return true;
    }
    return false;
  }

  /** Jᵢⱼ, or 0 when i and j are not coupled: a scan of i's row, for compound moves outside the scan loop. */
  double couplingBetween(int i, int j) {
    for (int k = start[i], end = start[i + 1]; k < end; k++) {
      if (neighbor[k] == j) {
        return coupling[k];
      }
    }
    return 0;
  }

  /** The coupling of CSR entry k (spin i's neighbour {@code neighbor[k]}, for k in i's row). */
  double couplingAt(int k) {
    return coupling[k];
  }

  /** Current energy, offset included (kept incrementally). */
  double energy() {
    return energy;
  }

  /** Recomputes fields and energy from the spins, removing any drift. */
  void resynchronize() {
    double twiceEnergy = 0;
    for (int i = 0; i < n; i++) {
      double f = h[i];
      for (int k = start[i]; k < start[i + 1]; k++) {
        f += coupling[k] * spins[neighbor[k]];
      }
      field[i] = f;
      twiceEnergy += spins[i] * (f + h[i]);
    }
    energy = offset + twiceEnergy / 2;
    flipsSinceResync = 0;
  }
}
