package io.neuroquantum.annealing.solvers;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;

/**
 * Finds low-energy assignments of a {@link QuadraticModel}. The samples come back in the model's own
 * variable type with energies computed on the model, so QUBO and Ising callers read them directly.
 */
public interface Solver {

  /** A short name used on the command line and in results: {@code sa}, {@code exact}, … */
  String name();

  SampleSet solve(QuadraticModel model, RunControl control);

  default SampleSet solve(QuadraticModel model) {
    return solve(model, RunControl.defaults());
  }
}
