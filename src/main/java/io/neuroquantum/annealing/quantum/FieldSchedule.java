package io.neuroquantum.annealing.quantum;

import java.util.Locale;

/**
 * How the transverse field Γ falls from Γ₀ to Γ_f as an anneal progresses (u from 0 to 1).
 *
 * <ul>
 *   <li>{@link Linear}: Γ(u) = Γ₀ + (Γ_f − Γ₀)·u, the textbook quantum-annealing path.
 *   <li>{@link Exponential}: Γ(u) = Γ_f + (Γ₀ − Γ_f)·(e^{−r·u} − e^{−r}) / (1 − e^{−r}): falls fast
 *       early and lingers at small fields, hitting both end points exactly; r → 0 gives Linear.
 *   <li>{@link Adaptive}: Linear in Γ, but a sampler moves along it at a speed set by feedback (see
 *       {@link AdaptiveFieldControl}): where the kink density of the Trotter slices changes fastest
 *       per unit of field (the transverse susceptibility, large where the gap is small) it slows down,
 *       and the sweeps it spends there are taken back evenly from the rest of the anneal.
 * </ul>
 *
 * <pre>{@code
 * FieldSchedule s = FieldSchedule.parse("exponential:3");
 * double gammaHalfway = s.field(3.0, 0.01, 0.5);
 * }</pre>
 */
public sealed interface FieldSchedule {

  /** Γ at progress {@code u} ∈ [0, 1]; for {@link Adaptive} the linear path its controller moves on. */
  double field(double gamma0, double gammaFinal, double u);

  record Linear() implements FieldSchedule {
    @Override
    public double field(double gamma0, double gammaFinal, double u) {
      return u >= 1 ? gammaFinal : gamma0 + (gammaFinal - gamma0) * u;
    }

    @Override
    public String toString() {
      return "linear";
    }
  }

  record Exponential(double rate) implements FieldSchedule {
    public Exponential {
      if (!(rate > 0) || !Double.isFinite(rate)) {
        throw new IllegalArgumentException("exponential schedule rate must be positive and finite: " + rate);
      }
    }

    @Override
    public double field(double gamma0, double gammaFinal, double u) {
      if (u >= 1) {
        return gammaFinal;
      }
      double tail = Math.exp(-rate);
      return gammaFinal + (gamma0 - gammaFinal) * (Math.exp(-rate * u) - tail) / (1 - tail);
    }

    @Override
    public String toString() {
      return "exponential:" + rate;
    }
  }

  /**
   * @param threshold slow down where the measured susceptibility exceeds this multiple of its running
   *     mean; 1.5 is the default, larger values react only to sharper peaks
   */
  record Adaptive(double threshold) implements FieldSchedule {
    public static final double DEFAULT_THRESHOLD = 1.5;

    public Adaptive {
      if (!(threshold > 0) || !Double.isFinite(threshold)) {
        throw new IllegalArgumentException("adaptive schedule threshold must be positive and finite: " + threshold);
      }
    }

    @Override
    public double field(double gamma0, double gammaFinal, double u) {
      return new Linear().field(gamma0, gammaFinal, u);
    }

    @Override
    public String toString() {
      return "adaptive:" + threshold;
    }
  }

  /** {@code linear}, {@code exponential[:rate]} (default rate 3), {@code adaptive[:threshold]}. */
  static FieldSchedule parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
    try {
      return switch (parts[0]) {
        case "linear" -> {
          if (parts.length > 1) {
            throw new IllegalArgumentException("the linear field schedule takes no parameter: " + text);
          }
          yield new Linear();
        }
        case "exponential" -> new Exponential(parts.length > 1 ? Double.parseDouble(parts[1]) : 3.0);
        case "adaptive" -> new Adaptive(parts.length > 1 ? Double.parseDouble(parts[1]) : Adaptive.DEFAULT_THRESHOLD);
        default -> throw new IllegalArgumentException(
            "unknown field schedule \"" + text + "\" (linear | exponential:rate | adaptive:threshold)");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field schedule parameter is not a number: " + text);
    }
  }
}
