package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.CompiledQubo;
import io.neuroquantum.annealing.model.ConstrainedQubo;
import io.neuroquantum.annealing.model.Constraint;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Markowitz portfolio selection with a budget of k equal positions: choose exactly k of n assets
 * minimising {@code q·xᵀΣx − μᵀx} (risk aversion q, covariance Σ, expected returns μ), as in the
 * binary mean-variance QUBOs of Mugel et al. (2022). Variable i is 1 when asset i is held. The budget
 * {@code Σ xᵢ = k} is the penalty {@code P·(Σ xᵢ − k)²}.
 *
 * <p>Penalty P = 2·(the objective's largest single-flip change, see
 * {@link ConstrainedQubo#autoPenaltyWeight}): with Σxᵢ = k + d (d ≠ 0), moving one asset toward the
 * budget changes the objective by at most that change and lowers the penalty by P(2|d| − 1) ≥ P, so
 * every minimum holds exactly k assets. Decoding repairs a sample off budget by dropping (or adding)
 * the asset that lowers (or raises least) the objective, one at a time.
 */
public final class Portfolio implements QuboProblem {

  private final double[] mu;
  private final double[][] sigma;
  private final int k;
  private final double q;

  private Portfolio(double[] mu, double[][] sigma, int k, double q) {
    this.mu = mu;
    this.sigma = sigma;
    this.k = k;
    this.q = q;
  }

  /**
   * @param expectedReturns μ, one per asset
   * @param covariance Σ, symmetric n×n
   * @param assets k, the number of assets to hold (1 ≤ k ≤ n)
   * @param riskAversion q ≥ 0
   */
  public static Portfolio of(double[] expectedReturns, double[][] covariance, int assets, double riskAversion) {
    int n = expectedReturns.length;
    if (n == 0 || covariance.length != n) {
      throw new InvalidModelException("portfolio: " + n + " returns and a " + covariance.length + "-row covariance");
    }
    if (assets < 1 || assets > n) {
      throw new InvalidModelException("portfolio: the budget must hold between 1 and " + n + " assets, got " + assets);
    }
    if (!(riskAversion >= 0) || !Double.isFinite(riskAversion)) {
      throw new InvalidModelException("portfolio: risk aversion must be finite and ≥ 0, got " + riskAversion);
    }
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      if (covariance[i].length != n) {
        throw new InvalidModelException("portfolio: covariance row " + i + " has " + covariance[i].length + " entries, expected " + n);
      }
      if (!Double.isFinite(expectedReturns[i])) {
        throw new InvalidModelException("portfolio: expected return " + i + " is " + expectedReturns[i]);
      }
      for (int j = 0; j < n; j++) {
        if (!Double.isFinite(covariance[i][j]) || Math.abs(covariance[i][j] - covariance[j][i]) > 1e-12 * Math.max(1, Math.abs(covariance[i][j]))) {
          throw new InvalidModelException("portfolio: covariance (" + i + ", " + j + ") must be finite and symmetric");
        }
      }
      copy[i] = covariance[i].clone();
    }
    return new Portfolio(expectedReturns.clone(), copy, assets, riskAversion);
  }

  /** q·xᵀΣx − μᵀx: the diagonal on the linear terms (x² = x), each pair once with 2σᵢⱼ. */
  public Qubo objective() {
    int n = mu.length;
    Qubo.Builder b = Qubo.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, q * sigma[i][i] - mu[i]);
      for (int j = i + 1; j < n; j++) {
        b.addQuadratic(i, j, 2 * q * sigma[i][j]);
      }
    }
    return b.build();
  }

  public ConstrainedQubo constrained() {
    Qubo objective = objective();
    Constraint budget = Constraint.exactlyK("hold " + k + " assets", k, IntStream.range(0, mu.length).toArray());
    return ConstrainedQubo.of(objective, List.of(budget))
        .withPenaltyWeight(2 * ConstrainedQubo.autoPenaltyWeight(objective));
  }

  public CompiledQubo compile() {
    return constrained().compile();
  }

  @Override
  public String type() {
    return "portfolio";
  }

  @Override
  public Qubo model() {
    return compile().qubo();
  }

  /** Value of q·xᵀΣx − μᵀx for a 0/1 selection. */
  public double objectiveValue(boolean[] held) {
    double v = 0;
    for (int i = 0; i < mu.length; i++) {
      if (!held[i]) {
        continue;
      }
      v -= mu[i];
      for (int j = 0; j < mu.length; j++) {
        v += held[j] ? q * sigma[i][j] : 0;
      }
    }
    return v;
  }

  /** xᵀΣx of the held assets. */
  public double variance(int[] assets) {
    double v = 0;
    for (int i : assets) {
      for (int j : assets) {
        v += sigma[i][j];
      }
    }
    return v;
  }

  /** The assets held after repair to exactly k, and how many changes the repair made. */
  public record Selection(int[] assets, double objective, int changes) {
  }

  public Selection decode(byte[] x) {
    boolean[] held = new boolean[mu.length];
    int count = 0;
    for (int i = 0; i < mu.length; i++) {
      held[i] = x[i] == 1;
      count += held[i] ? 1 : 0;
    }
    int changes = 0;
    while (count != k) {
      boolean add = count < k;
      int best = -1;
      double bestValue = Double.POSITIVE_INFINITY;
      for (int i = 0; i < mu.length; i++) {
        if (held[i] != add) {
          held[i] = add;
          double v = objectiveValue(held);
          held[i] = !add;
          if (v < bestValue) {
            bestValue = v;
            best = i;
          }
        }
      }
      held[best] = add;
      count += add ? 1 : -1;
      changes++;
    }
    return new Selection(IntStream.range(0, mu.length).filter(i -> held[i]).toArray(), objectiveValue(held), changes);
  }

  @Override
  public Answer decode(Sample sample) {
    Selection s = decode(sample.values());
    double ret = 0;
    for (int i : s.assets()) {
      ret += mu[i];
    }
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("assets", s.assets());
    objective.put("expected_return", ret);
    objective.put("variance", variance(s.assets()));
    objective.put("objective", s.objective());
    objective.put("repaired", s.changes() > 0);
    return new Answer(sample.energy(), objective, s.changes() == 0, sample.toIntArray(), s.objective());
  }
}
