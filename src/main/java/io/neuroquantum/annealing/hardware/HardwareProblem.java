package io.neuroquantum.annealing.hardware;

import io.neuroquantum.annealing.model.Ising;

/**
 * What a backend is asked to sample. Gate-free annealers take an Ising model; neutral-atom analog
 * machines take a geometry (a maximum independent set on a unit-disk graph is what they solve
 * natively), so the problem says which one it is and each backend accepts what it can run.
 */
public sealed interface HardwareProblem {

  /** An Ising model over variables 0..n-1 (a QUBO is converted before, exactly). */
  record IsingProblem(Ising model) implements HardwareProblem {
  }

  /**
   * Maximum independent set on the unit-disk graph of points in the plane: two points are adjacent
   * when their distance is at most {@code radius}. Coordinates in metres.
   */
  record UnitDiskMis(double[] x, double[] y, double radius) implements HardwareProblem {
    public UnitDiskMis {
      if (x.length != y.length) {
        throw new IllegalArgumentException("x and y must have the same length, got " + x.length + " and " + y.length);
      }
      if (!(radius > 0)) {
        throw new IllegalArgumentException("radius must be positive, got " + radius);
      }
    }

    public int size() {
      return x.length;
    }
  }
}
