package io.neuroquantum.annealing.schedules;

import io.neuroquantum.annealing.model.Ising;

/**
 * The inverse temperatures an anneal starts (hot) and ends (cold) at.
 *
 * <p>{@link #defaultFor(Ising)} picks them the way dwave-samplers does, so schedules compare: at the
 * hot end every spin flips with probability at least 50 % even against its largest possible field
 * ({@code β_hot = ln 2 / (2·maxᵢ Σ|biasᵢ|)}); at the cold end the spins with the smallest nonzero
 * bias get excited with total probability at most 1 %
 * ({@code β_cold = ln(#smallest / 0.01) / (2·min bias)}).
 */
public record BetaRange(double hot, double cold) {

  public static final double DEFAULT_COLD_EXCITATION_RATE = 0.01;

  public BetaRange {
    if (!(hot > 0) || !(cold > 0) || !Double.isFinite(hot) || !Double.isFinite(cold)) {
      throw new IllegalArgumentException("beta range must be positive and finite: [" + hot + ", " + cold + "]");
    }
  }

  public static BetaRange defaultFor(Ising model) {
    return defaultFor(model, DEFAULT_COLD_EXCITATION_RATE);
  }

  public static BetaRange defaultFor(Ising model, double coldExcitationRate) {
    if (!(coldExcitationRate > 0 && coldExcitationRate < 1)) {
      throw new IllegalArgumentException("excitation rate must be in (0, 1): " + coldExcitationRate);
    }
    int n = model.numVariables();
    double[] sumAbs = new double[n];
    double[] minAbs = new double[n];
    for (int i = 0; i < n; i++) {
      double h = Math.abs(model.linear(i));
      sumAbs[i] = h;
      minAbs[i] = h > 0 ? h : Double.POSITIVE_INFINITY;
    }
    model.forEachInteraction((i, j, coupling) -> {
      double a = Math.abs(coupling);
      sumAbs[i] += a;
      sumAbs[j] += a;
      minAbs[i] = Math.min(minAbs[i], a);
      minAbs[j] = Math.min(minAbs[j], a);
    });
    double maxField = 0;
    double minField = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      maxField = Math.max(maxField, sumAbs[i]);
      minField = Math.min(minField, minAbs[i]);
    }
    if (maxField == 0) {
      return new BetaRange(0.1, 1.0);   // all-zero model: every state has the same energy
    }
    int atMin = 0;
    for (int i = 0; i < n; i++) {
      if (minAbs[i] == minField) {
        atMin++;
      }
    }
    double hot = Math.log(2) / (2 * maxField);
    double cold = Math.log(atMin / coldExcitationRate) / (2 * minField);
    return new BetaRange(hot, Math.max(hot, cold));
  }
}
