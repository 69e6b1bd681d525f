package io.neuroquantum.annealing.schedules;

/** The inverse temperature of each sweep of an anneal, from hot to cold. */
public interface BetaSchedule {

  /** β for each of {@code sweeps} sweeps. */
  double[] betas(int sweeps);

  /** β spaced evenly on a log scale from hot to cold (dwave-samplers' default, {@code np.geomspace}). */
  static BetaSchedule geometric(BetaRange range) {
    return sweeps -> {
      double[] b = new double[sweeps];
      if (sweeps == 1) {
        b[0] = range.cold();
        return b;
      }
      double ratio = Math.log(range.cold() / range.hot());
      for (int k = 0; k < sweeps; k++) {
        b[k] = range.hot() * Math.exp(ratio * k / (sweeps - 1));
      }
      b[sweeps - 1] = range.cold();
      return b;
    };
  }

  /** β spaced evenly from hot to cold ({@code np.linspace}). */
  static BetaSchedule linear(BetaRange range) {
    return sweeps -> {
      double[] b = new double[sweeps];
      if (sweeps == 1) {
        b[0] = range.cold();
        return b;
      }
      for (int k = 0; k < sweeps; k++) {
        b[k] = range.hot() + (range.cold() - range.hot()) * k / (sweeps - 1);
      }
      return b;
    };
  }

  /** The kinds a user can name (CLI, REST). */
  enum Kind {
    GEOMETRIC, LINEAR;

    public BetaSchedule of(BetaRange range) {
      return this == GEOMETRIC ? geometric(range) : linear(range);
    }
  }
}
