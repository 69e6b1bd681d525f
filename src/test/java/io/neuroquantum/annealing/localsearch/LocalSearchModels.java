package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import java.util.SplittableRandom;

/** Random test models and the single-flip local-minimum check, shared by the local search tests. */
final class LocalSearchModels {
  private LocalSearchModels() {
  }

  /** A sparse QUBO with real coefficients in [−1, 1), about {@code density} of the pairs coupled. */
  static Qubo randomQubo(int n, double density, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Qubo.Builder b = Qubo.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, random.nextDouble(-1, 1));
      for (int j = i + 1; j < n; j++) {
        if (random.nextDouble() < density) {
          b.addQuadratic(i, j, random.nextDouble(-1, 1));
        }
      }
    }
    return b.build();
  }

  /** {@code reads} uniformly random states of the model, as a sample set. */
  static SampleSet randomSamples(QuadraticModel model, int reads, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] states = new byte[reads][model.numVariables()];
    double[] energies = new double[reads];
    for (int r = 0; r < reads; r++) {
      for (int i = 0; i < states[r].length; i++) {
        states[r][i] = (byte) (random.nextBoolean() ? model.varType().high() : model.varType().low());
      }
      energies[r] = model.energy(states[r]);
    }
    return SampleSet.fromReads(model.varType(), states, energies, new Timing(0, 0), SamplingStats.none(reads));
  }

  /** True when no single flip lowers the energy of {@code values} by more than rounding. */
  static boolean isSingleFlipMinimum(QuadraticModel model, byte[] values) {
    double e = model.energy(values);
    for (int i = 0; i < values.length; i++) {
      byte[] flipped = values.clone();
      flipped[i] = (byte) (model.varType().low() + model.varType().high() - flipped[i]);
      if (model.energy(flipped) < e - 1e-9) {
        return false;
      }
    }
    return true;
  }
}
