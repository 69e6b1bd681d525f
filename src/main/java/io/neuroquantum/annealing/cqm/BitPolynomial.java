package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.hubo.Hubo;
import java.util.ArrayList;
import java.util.List;

/**
 * A quadratic constraint written over bits as {@code Σ terms + constant (≤|=) 0}, with the log-encoded
 * slack (in units of {@code unit}) that makes an inequality an equality, and its penalty weight.
 *
 * @param terms {coefficient, i, j}, j = −1 for a linear term
 */
record BitPolynomial(String label, List<double[]> terms, double constant, long[] slackWeights, double unit,
    double weight) {

  BitPolynomial withWeight(double w) {
    return new BitPolynomial(label, terms, constant, slackWeights, unit, w);
  }

  /** The constraint's data's decimal unit: its smallest possible violation (NaN if not decimal). */
  double resolution() {
    return unit;
  }

  /** Adds {@code weight·(Σ terms + slack + constant)²} to a HUBO, slack bits from {@code firstSlack} on. */
  void addSquaredPenalty(Hubo.Builder h, int firstSlack) {
    List<double[]> all = new ArrayList<>(terms);   // {coefficient, vars…}
    for (int k = 0; k < slackWeights.length; k++) {
      all.add(new double[] {slackWeights[k] * unit, firstSlack + k, -1});
    }
    h.add(weight * constant * constant);
    for (int a = 0; a < all.size(); a++) {
      double[] s = all.get(a);
      h.add(2 * weight * constant * s[0], vars(s));
      for (int b = 0; b < all.size(); b++) {   // ordered pairs: squares once, cross terms twice
        double[] t = all.get(b);
        h.add(weight * s[0] * t[0], union(s, t));
      }
    }
  }

  private static int[] vars(double[] term) {
    return term[2] < 0 ? new int[] {(int) term[1]} : new int[] {(int) term[1], (int) term[2]};
  }

  private static int[] union(double[] s, double[] t) {
    int[] a = vars(s);
    int[] b = vars(t);
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;   // Hubo.Builder sorts and drops repeats (x² = x)
  }
}
