package io.neuroquantum.annealing.hardware.embedding;

import io.neuroquantum.annealing.model.Ising;

/** How strongly a chain's qubits are coupled together. */
public final class ChainStrength {

  /** Ocean's default prefactor for uniform torque compensation. */
  public static final double DEFAULT_PREFACTOR = 1.414;

  private ChainStrength() {
  }

  /**
   * Uniform torque compensation (dwave-system's default): {@code prefactor · rms(J) · sqrt(average
   * degree)}, the typical torque the rest of the problem puts on a variable. A model without
   * couplings gets 1 rather than Ocean's 0, which would leave chains free to break (dwave-system#379).
   */
  public static double uniformTorqueCompensation(Ising model, double prefactor) {
    double[] sumSquares = {0};
    int interactions = model.numInteractions();
    model.forEachInteraction((i, j, value) -> sumSquares[0] += value * value);
    if (interactions == 0 || sumSquares[0] == 0) {
      return 1.0;
    }
    double rms = Math.sqrt(sumSquares[0] / interactions);
    double averageDegree = 2.0 * interactions / model.numVariables();
    return prefactor * rms * Math.sqrt(averageDegree);
  }
}
