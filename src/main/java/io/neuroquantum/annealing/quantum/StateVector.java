package io.neuroquantum.annealing.quantum;

import java.util.Arrays;

/**
 * An n-qubit state as two flat arrays of 2ⁿ doubles (real and imaginary parts, 16·2ⁿ bytes).
 * Basis index z holds the amplitude of the spins with bit q of z = 0 for sᵩ = +1 (σᶻ = +1).
 */
public final class StateVector {
  final int n;
  final double[] re;
  final double[] im;

  StateVector(int n) {
    this.n = n;
    this.re = new double[1 << n];
    this.im = new double[1 << n];
  }

  /** |+⟩ⁿ: the ground state of −Σσˣ, every amplitude 2^(−n/2). */
  public static StateVector uniform(int n) {
    StateVector v = new StateVector(n);
    Arrays.fill(v.re, Math.pow(2, -n / 2.0));
    return v;
  }

  /** The basis state |z⟩. */
  public static StateVector basis(int n, int z) {
    StateVector v = new StateVector(n);
    v.re[z] = 1;
    return v;
  }

  /** A state from amplitudes given as real and imaginary parts (copied). */
  public static StateVector of(double[] re, double[] im) {
    int n = Integer.numberOfTrailingZeros(re.length);
    if (re.length != 1 << n || im.length != re.length) {
      throw new IllegalArgumentException("amplitude arrays must both have length 2^n");
    }
    StateVector v = new StateVector(n);
    System.arraycopy(re, 0, v.re, 0, re.length);
    System.arraycopy(im, 0, v.im, 0, im.length);
    return v;
  }

  public int numQubits() {
    return n;
  }

  public int dimension() {
    return re.length;
  }

  public double re(int z) {
    return re[z];
  }

  public double im(int z) {
    return im[z];
  }

  public double probability(int z) {
    return re[z] * re[z] + im[z] * im[z];
  }

  /** |ψ(z)|² for every z. */
  public double[] probabilities() {
    double[] p = new double[re.length];
    for (int z = 0; z < p.length; z++) {
      p[z] = re[z] * re[z] + im[z] * im[z];
    }
    return p;
  }

  public double norm() {
    double s = 0;
    for (int z = 0; z < re.length; z++) {
      s += re[z] * re[z] + im[z] * im[z];
    }
    return Math.sqrt(s);
  }

  /** |⟨other|this⟩|². */
  public double overlap(StateVector other) {
    double r = 0;
    double i = 0;
    for (int z = 0; z < re.length; z++) {
      r += other.re[z] * re[z] + other.im[z] * im[z];
      i += other.re[z] * im[z] - other.im[z] * re[z];
    }
    return r * r + i * i;
  }

  public StateVector copy() {
    StateVector v = new StateVector(n);
    copyInto(v);
    return v;
  }

  void copyInto(StateVector target) {
    System.arraycopy(re, 0, target.re, 0, re.length);
    System.arraycopy(im, 0, target.im, 0, im.length);
  }

  void scale(double factor) {
    for (int z = 0; z < re.length; z++) {
      re[z] *= factor;
      im[z] *= factor;
    }
  }

  /** ‖this − other‖₂. */
  double distance(StateVector other) {
    double s = 0;
    for (int z = 0; z < re.length; z++) {
      double dr = re[z] - other.re[z];
      double di = im[z] - other.im[z];
      s += dr * dr + di * di;
    }
    return Math.sqrt(s);
  }
}
