package io.neuroquantum.annealing.schedules;

/**
 * The inverse temperature of each sweep of an anneal, from hot to cold. Solvers ask for one sweep's
 * β at a time, so an anneal's memory does not grow with its sweep count (a table of 7·10⁸ sweeps was
 * 5.6 GB).
 */
public interface BetaSchedule {

  /** β of sweep {@code k} (0-based) of an anneal of {@code sweeps} sweeps. */
  double beta(int k, int sweeps);

  /** β for each of {@code sweeps} sweeps: for reports and tests, not for solvers. */
  default double[] betas(int sweeps) {
    double[] b = new double[sweeps];
    for (int k = 0; k < sweeps; k++) {
      b[k] = beta(k, sweeps);
    }
    return b;
  }

  /** β spaced evenly on a log scale from hot to cold (dwave-samplers' default, {@code np.geomspace}). */
  static BetaSchedule geometric(BetaRange range) {
    double ratio = Math.log(range.cold() / range.hot());
    return (k, sweeps) -> sweeps == 1 || k == sweeps - 1 ? range.cold()
        : range.hot() * Math.exp(ratio * k / (sweeps - 1));
  }

  /** β spaced evenly from hot to cold ({@code np.linspace}). */
  static BetaSchedule linear(BetaRange range) {
    return (k, sweeps) -> sweeps == 1 ? range.cold()
        : range.hot() + (range.cold() - range.hot()) * k / (sweeps - 1);
  }

  /** The kinds a user can name (CLI, REST). */
  enum Kind {
    GEOMETRIC, LINEAR;

    public BetaSchedule of(BetaRange range) {
      return this == GEOMETRIC ? geometric(range) : linear(range);
    }
  }
}
