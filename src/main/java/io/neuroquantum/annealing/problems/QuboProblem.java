package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.Sample;

/**
 * A problem that users model, encoded as a QUBO or Ising model that it can read its samples back
 * from: the decoded answer says whether the sample itself was feasible and, if not, how it was
 * repaired into a feasible one. {@link EncodedProblem#of} hands it to the CLI and the job service.
 */
public interface QuboProblem {

  /** The name used in results: {@code independent_set}, {@code knapsack}, … */
  String type();

  /** The encoding (built once per call: callers keep it). */
  QuadraticModel model();

  /** The domain answer of one sample of {@link #model()}. */
  Answer decode(Sample sample);

  /** One-hot groups of the encoding, when it has them, for moves that keep them one-hot. */
  default OneHotGroups oneHotGroups() {
    return null;
  }

  /** The objective as a function of the energy alone, where it is one: see {@link EncodedProblem#objectiveOfEnergy}. */
  default java.util.Optional<EncodedProblem.EnergyObjective> objectiveOfEnergy() {
    return java.util.Optional.empty();
  }
}
