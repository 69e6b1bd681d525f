package io.neuroquantum.annealing.schedules;

import java.util.Arrays;

/**
 * The inverse temperatures of parallel tempering, hottest first: {@code betas[0] < … < betas[k−1]}.
 *
 * <p>{@link #geometric} spaces them by a constant ratio, which gives roughly equal swap acceptance
 * when the specific heat is flat. {@link #reshaped} moves them by the feedback rule of Katzgraber,
 * Trebst, Huse and Troyer (J. Stat. Mech. 2006, P03018): given the measured fraction f(β) of
 * replicas at each temperature that last came from the hot end, it places temperatures densely where
 * f changes fast (a bottleneck) so that the flow of replicas between the ends is as fast as it can be.
 */
public record TemperatureLadder(double[] betas) {

  public TemperatureLadder {
    if (betas.length < 2) {
      throw new IllegalArgumentException("a ladder needs at least 2 temperatures, got " + betas.length);
    }
    betas = betas.clone();
    for (int i = 0; i < betas.length; i++) {
      if (!(betas[i] > 0) || !Double.isFinite(betas[i])) {
        throw new IllegalArgumentException("beta " + i + " must be positive and finite: " + betas[i]);
      }
      if (i > 0 && !(betas[i] > betas[i - 1])) {
        throw new IllegalArgumentException("betas must increase (hottest first): " + Arrays.toString(betas));
      }
    }
  }

  /** {@code count} betas from {@code range.hot()} to {@code range.cold()} in a constant ratio. */
  public static TemperatureLadder geometric(BetaRange range, int count) {
    if (count < 2) {
      throw new IllegalArgumentException("a ladder needs at least 2 temperatures, got " + count);
    }
    if (!(range.cold() > range.hot())) {
      throw new IllegalArgumentException("the cold beta must exceed the hot one: " + range);
    }
    double[] b = new double[count];
    double ratio = Math.pow(range.cold() / range.hot(), 1.0 / (count - 1));
    for (int i = 0; i < count; i++) {
      b[i] = range.hot() * Math.pow(ratio, i);
    }
    b[count - 1] = range.cold();
    return new TemperatureLadder(b);
  }

  public int size() {
    return betas.length;
  }

  public double beta(int i) {
    return betas[i];
  }

  @Override
  public double[] betas() {
    return betas.clone();
  }

  /**
   * The feedback-optimised ladder for measured up-fractions {@code f[i]} (1 at the hottest, 0 at the
   * coldest; fraction of visits to temperature i by replicas whose last end was the hot one). The
   * optimal density of temperatures is η(β) ∝ √(|df/dβ| / Δβ) on each current interval; new betas
   * split the integral of η into equal parts, damped by half towards the current ladder. The ends
   * stay where they are.
   */
  public TemperatureLadder reshaped(double[] f) {
    int k = betas.length;
    if (f.length != k) {
      throw new IllegalArgumentException("need one fraction per temperature: " + f.length + " vs " + k);
    }
    double[] density = new double[k - 1];
    double total = 0;
    for (int i = 0; i < k - 1; i++) {
      double width = betas[i + 1] - betas[i];
      double slope = Math.abs(f[i] - f[i + 1]) / width;
      density[i] = Math.sqrt(slope / width);
    }
    double[] mass = new double[k - 1];
    double feedbackTotal = 0;
    for (int i = 0; i < k - 1; i++) {
      mass[i] = density[i] * (betas[i + 1] - betas[i]);
      feedbackTotal += mass[i];
    }
    if (!(feedbackTotal > 0) || !Double.isFinite(feedbackTotal)) {
      return this;   // nothing measured: keep the ladder
    }
    // Damped: half the feedback's placement, half the current one (one temperature per interval).
    // Short measurements are noisy and flat at the ends, where the pure rule would empty whole
    // stretches of the ladder; repeated re-placements still converge to the feedback optimum.
    for (int i = 0; i < k - 1; i++) {
      mass[i] = 0.5 * mass[i] / feedbackTotal + 0.5 / (k - 1);
      total += mass[i];
    }
    double[] out = new double[k];
    out[0] = betas[0];
    out[k - 1] = betas[k - 1];
    int interval = 0;
    double before = 0;   // mass of the intervals left of `interval`
    for (int t = 1; t < k - 1; t++) {
      double target = total * t / (k - 1);
      while (interval < k - 2 && before + mass[interval] < target) {
        before += mass[interval];
        interval++;
      }
      double within = mass[interval] == 0 ? 0 : (target - before) / mass[interval];
      out[t] = betas[interval] + within * (betas[interval + 1] - betas[interval]);
    }
    for (int t = 1; t < k; t++) {
      if (!(out[t] > out[t - 1])) {
        return this;   // degenerate measurement: keep what we had
      }
    }
    return new TemperatureLadder(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TemperatureLadder other && Arrays.equals(betas, other.betas);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(betas);
  }

  @Override
  public String toString() {
    return "TemperatureLadder" + Arrays.toString(betas);
  }
}
