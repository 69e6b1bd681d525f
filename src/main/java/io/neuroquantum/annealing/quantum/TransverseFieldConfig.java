package io.neuroquantum.annealing.quantum;

import io.neuroquantum.annealing.model.Ising;
import java.util.Objects;

/**
 * The transverse field of an anneal: H(u) = −Γ(u)·Σᵢσᵢˣ + H_problem, with Γ going from
 * {@code gamma0} to {@code gammaFinal} along {@code schedule} (A(u) = Γ(u), B(u) = 1).
 *
 * <p>{@link #defaultFor(Ising)} reads the scale off the problem, so nobody has to guess Γ: with
 * ε = the mean over spins of the typical local field √(hᵢ² + Σⱼ Jᵢⱼ²), Γ₀ = 3ε (well above the
 * ordering transition, whose field is of order ε for random-sign couplings and a few ε for
 * ferromagnets of small degree) and Γ_f = ε/100 (quantum fluctuations negligible at the end).
 *
 * <pre>{@code
 * TransverseFieldConfig field = TransverseFieldConfig.defaultFor(ising).withSchedule(new FieldSchedule.Exponential(3));
 * }</pre>
 */
public record TransverseFieldConfig(double gamma0, double gammaFinal, FieldSchedule schedule) {

  public static final double DEFAULT_START_FACTOR = 3.0;
  public static final double DEFAULT_FINAL_FACTOR = 0.01;

  public TransverseFieldConfig {
    checkField("initial field Γ₀", gamma0);
    checkField("final field Γ_f", gammaFinal);
    Objects.requireNonNull(schedule, "schedule");
    if (gammaFinal > gamma0) {
      throw new IllegalArgumentException("the field must not grow: Γ₀ = " + gamma0 + " < Γ_f = " + gammaFinal);
    }
  }

  private static void checkField(String what, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(what + " must be finite and non-negative: " + v);
    }
  }

  /** Γ at progress u ∈ [0, 1]. */
  public double field(double u) {
    return schedule.field(gamma0, gammaFinal, u);
  }

  public TransverseFieldConfig withSchedule(FieldSchedule s) {
    return new TransverseFieldConfig(gamma0, gammaFinal, s);
  }

  public TransverseFieldConfig withFields(double start, double end) {
    return new TransverseFieldConfig(start, end, schedule);
  }

  /** Γ₀ = 3ε, Γ_f = ε/100, linear, with ε the mean typical local field (class comment). */
  public static TransverseFieldConfig defaultFor(Ising model) {
    double eps = typicalLocalField(model);
    if (eps == 0) {
      eps = 1;   // all-zero model: any scale will do
    }
    return new TransverseFieldConfig(DEFAULT_START_FACTOR * eps, DEFAULT_FINAL_FACTOR * eps, new FieldSchedule.Linear());
  }

  /** Mean over spins of √(hᵢ² + Σⱼ Jᵢⱼ²). */
  public static double typicalLocalField(Ising model) {
    int n = model.numVariables();
    double[] sq = new double[n];
    for (int i = 0; i < n; i++) {
      sq[i] = model.linear(i) * model.linear(i);
    }
    model.forEachInteraction((i, j, v) -> {
      sq[i] += v * v;
      sq[j] += v * v;
    });
    double sum = 0;
    for (double v : sq) {
      sum += Math.sqrt(v);
    }
    return n == 0 ? 0 : sum / n;
  }
}
