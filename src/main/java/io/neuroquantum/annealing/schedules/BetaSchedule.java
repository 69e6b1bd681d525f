package io.neuroquantum.annealing.schedules;

import io.neuroquantum.annealing.io.CommentedLines;

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

  /** More betas than this in a custom schedule are refused before they are read into memory. */
  int MAX_CUSTOM_BETAS = 10_000_000;

  /**
   * A schedule given sweep by sweep, as dwave-samplers' {@code beta_schedule_type="custom"}: sweep k
   * runs at {@code betas[k]}, and the anneal has exactly {@code betas.length} sweeps (any other
   * sweep count is refused). Each β must be finite and ≥ 0 (0: infinite temperature).
   */
  static BetaSchedule custom(double[] betas) {
    double[] b = checkedCustom(betas);
    return (k, sweeps) -> {
      if (sweeps != b.length) {
        throw new IllegalArgumentException("a custom schedule of " + b.length + " betas runs " + b.length
            + " sweeps, not " + sweeps);
      }
      return b[k];
    };
  }

  /** Checks the betas of a custom schedule and returns a copy. */
  static double[] checkedCustom(double[] betas) {
    if (betas == null || betas.length == 0) {
      throw new IllegalArgumentException("a custom schedule needs at least one beta");
    }
    if (betas.length > MAX_CUSTOM_BETAS) {
      throw new IllegalArgumentException("a custom schedule has " + betas.length + " betas, over the limit of "
          + MAX_CUSTOM_BETAS);
    }
    for (int k = 0; k < betas.length; k++) {
      if (!(betas[k] >= 0) || !Double.isFinite(betas[k])) {
        throw new IllegalArgumentException("beta " + k + " of the custom schedule must be finite and ≥ 0: " + betas[k]);
      }
    }
    return betas.clone();
  }

  /**
   * Reads the betas of a custom schedule from a text file: numbers separated by white space or
   * commas, {@code #} to the end of a line is a comment. Errors name the line.
   */
  public static double[] readCustom(java.nio.file.Path file) throws java.io.IOException {
    java.util.List<CommentedLines.Line> lines = CommentedLines.read(file, 32L * MAX_CUSTOM_BETAS,
        size -> new IllegalArgumentException(file + " has " + size + " bytes, too many for a schedule"));
    double[] out = new double[16];
    int count = 0;
    for (CommentedLines.Line line : lines) {
      for (String word : line.content().split("[\\s,]+")) {
        if (word.isEmpty()) {
          continue;
        }
        double beta;
        try {
          beta = Double.parseDouble(word);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + " line " + line.number() + ": not a number: " + word);
        }
        if (count == out.length) {
          out = java.util.Arrays.copyOf(out, Math.min(MAX_CUSTOM_BETAS + 1, 2 * count));
        }
        if (count == MAX_CUSTOM_BETAS) {
          throw new IllegalArgumentException(file + ": more than " + MAX_CUSTOM_BETAS + " betas");
        }
        out[count++] = beta;
      }
    }
    try {
      return checkedCustom(java.util.Arrays.copyOf(out, count));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  /** The kinds a user can name (CLI, REST). */
  enum Kind {
    GEOMETRIC, LINEAR;

    public BetaSchedule of(BetaRange range) {
      return this == GEOMETRIC ? geometric(range) : linear(range);
    }
  }
}
