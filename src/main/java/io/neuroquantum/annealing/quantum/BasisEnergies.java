package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;

/**
 * The problem Hamiltonian as the diagonal it is in the computational basis: entry z is the Ising
 * energy (offset included) of the spins whose bit q of z is 0 for sᵩ = +1 and 1 for sᵩ = −1, the
 * σᶻ eigenvalue convention. Filled in Gray-code order, one O(degree) update per entry.
 */
final class BasisEnergies {
  private BasisEnergies() {
  }

  static double[] of(Ising model, int maxQubits, String what) {
    int n = checkSize(model, maxQubits, what);
    int[] start = new int[n + 1];
    model.forEachInteraction((i, j, v) -> {
      start[i + 1]++;
      start[j + 1]++;
    });
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    int[] nbr = new int[start[n]];
    double[] w = new double[start[n]];
    int[] fill = java.util.Arrays.copyOf(start, n);
    model.forEachInteraction((i, j, v) -> {
      nbr[fill[i]] = j;
      w[fill[i]++] = v;
      nbr[fill[j]] = i;
      w[fill[j]++] = v;
    });
    byte[] s = new byte[n];
    java.util.Arrays.fill(s, (byte) 1);
    double[] field = new double[n];
    for (int i = 0; i < n; i++) {
      field[i] = model.linear(i);
      for (int k = start[i]; k < start[i + 1]; k++) {
        field[i] += w[k];
      }
    }
    int dim = 1 << n;
    double[] energy = new double[dim];
    double e = model.energyUnchecked(s);
    energy[0] = e;
    int gray = 0;
    for (int step = 1; step < dim; step++) {
      int q = Integer.numberOfTrailingZeros(step);
      gray ^= 1 << q;
      int sq = s[q];
      e += -2 * sq * field[q];
      s[q] = (byte) -sq;
      for (int k = start[q]; k < start[q + 1]; k++) {
        field[nbr[k]] += -2 * sq * w[k];
      }
      energy[gray] = e;
    }
    return energy;
  }

  static int checkSize(Ising model, int maxQubits, String what) {
    int n = model.numVariables();
    if (n > maxQubits) {
      throw new InvalidModelException(what + " handles at most " + maxQubits + " spins; the model has " + n);
    }
    if (n < 1) {
      throw new InvalidModelException(what + " needs at least one spin");
    }
    return n;
  }

  /** The spins of basis state z (bit q set means sᵩ = −1). */
  static byte[] spins(int z, int n) {
    byte[] s = new byte[n];
    for (int q = 0; q < n; q++) {
      s[q] = (byte) ((z >>> q & 1) == 0 ? 1 : -1);
    }
    return s;
  }

  /** Indices of the states within 1e-9 (relative) of the lowest energy. */
  static int[] groundStates(double[] energy) {
    double min = Double.POSITIVE_INFINITY;
    for (double e : energy) {
      min = Math.min(min, e);
    }
    final double lowest = min;
    final double tol = 1e-9 * Math.max(1, Math.abs(min));
    return java.util.stream.IntStream.range(0, energy.length).filter(z -> energy[z] - lowest <= tol).toArray();
  }
}
