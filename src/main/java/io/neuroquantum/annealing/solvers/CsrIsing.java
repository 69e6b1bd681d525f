package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.Ising;

/**
 * An Ising model laid out for sampling kernels: fields h and both directions of every coupling in
 * compressed sparse rows, so the neighbours of spin i are {@code neighbor[start[i] .. start[i+1])}.
 *
 * <p>When every coefficient is an integer after scaling by a small power of two, and the largest
 * local field stays small, the model also carries an integer copy: the kernels then compare energy
 * changes against a per-temperature table of acceptance thresholds instead of calling {@code exp},
 * and energies stay exact.
 */
public final class CsrIsing {

  /** Largest |local field| (scaled) the integer kernel accepts; bounds its threshold table. */
  static final int MAX_INTEGER_FIELD = 1 << 16;

  final int n;
  final double[] h;
  final int[] start;
  final int[] neighbor;
  final double[] coupling;
  final double offset;

  /** Power-of-two factor that makes all coefficients integral, or 0 when there is none. */
  final int scale;
  final int[] hInt;
  final int[] couplingInt;
  /** max over spins of (|hᵢ| + Σⱼ|Jᵢⱼ|)·scale: the largest local field magnitude. */
  final int maxFieldInt;

  private CsrIsing(Ising model) {
    n = model.numVariables();
    h = model.linearCoefficients();
    offset = model.offset();
    start = new int[n + 1];
    model.forEachInteraction((i, j, v) -> {
      start[i + 1]++;
      start[j + 1]++;
    });
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    int m2 = start[n];
    neighbor = new int[m2];
    coupling = new double[m2];
    int[] fill = java.util.Arrays.copyOf(start, n);
    model.forEachInteraction((i, j, v) -> {
      neighbor[fill[i]] = j;
      coupling[fill[i]++] = v;
      neighbor[fill[j]] = i;
      coupling[fill[j]++] = v;
    });
    scale = integralScale();
    if (scale > 0) {
      hInt = new int[n];
      couplingInt = new int[m2];
      long maxField = 0;
      for (int i = 0; i < n; i++) {
        hInt[i] = (int) (h[i] * scale);
        long field = Math.abs((long) hInt[i]);
        for (int k = start[i]; k < start[i + 1]; k++) {
          couplingInt[k] = (int) (coupling[k] * scale);
          field += Math.abs((long) couplingInt[k]);
        }
        maxField = Math.max(maxField, field);
      }
      maxFieldInt = (int) maxField;
    } else {
      hInt = null;
      couplingInt = null;
      maxFieldInt = 0;
    }
  }

  public static CsrIsing of(Ising model) {
    return new CsrIsing(model);
  }

  public int numVariables() {
    return n;
  }

  public boolean isIntegral() {
    return scale > 0;
  }

  /*
   * Read-only views for kernels outside this package (the quantum solvers): the arrays are shared,
   * not copied, so callers must not write to them.
   */

  public double[] linearView() {
    return h;
  }

  public int[] rowStartView() {
    return start;
  }

  public int[] neighborView() {
    return neighbor;
  }

  public double[] couplingView() {
    return coupling;
  }

  public double offset() {
    return offset;
  }

  /** The power-of-two factor of the integer copy, or 0 when the model has none. */
  public int integerScale() {
    return scale;
  }

  public int[] linearIntView() {
    return hInt;
  }

  public int[] couplingIntView() {
    return couplingInt;
  }

  public int maxFieldInt() {
    return maxFieldInt;
  }

  /** Energy of a spin state, offset included. */
  public double energy(byte[] s) {
    double e = offset;
    for (int i = 0; i < n; i++) {
      double f = h[i] * 2;
      for (int k = start[i]; k < start[i + 1]; k++) {
        f += coupling[k] * s[neighbor[k]];
      }
      e += s[i] * f / 2;
    }
    return e;
  }

  /** Jᵢⱼ, or 0 when i and j are not coupled (a scan of i's row: for moves outside the hot loop). */
  double couplingBetween(int i, int j) {
    for (int k = start[i]; k < start[i + 1]; k++) {
      if (neighbor[k] == j) {
        return coupling[k];
      }
    }
    return 0;
  }

  /** Smallest 2^k (k ≤ 10) that makes every coefficient an integer with small fields, else 0. */
  private int integralScale() {
    outer:
    for (int scale = 1; scale <= 1024; scale <<= 1) {
      long maxField = 0;
      for (int i = 0; i < n; i++) {
        double field = Math.abs(h[i] * scale);
        if (!isSmallInteger(h[i] * scale)) {
          continue outer;
        }
        for (int k = start[i]; k < start[i + 1]; k++) {
          double c = coupling[k] * scale;
          if (!isSmallInteger(c)) {
            continue outer;
          }
          field += Math.abs(c);
        }
        maxField = Math.max(maxField, (long) field);
      }
      return maxField <= MAX_INTEGER_FIELD ? scale : 0;
    }
    return 0;
  }

  private static boolean isSmallInteger(double v) {
    return v == Math.rint(v) && Math.abs(v) <= MAX_INTEGER_FIELD;
  }
}
