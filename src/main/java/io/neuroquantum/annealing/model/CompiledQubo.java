package io.neuroquantum.annealing.model;

import java.util.Arrays;
import java.util.List;

/**
 * A {@link ConstrainedQubo} compiled into one QUBO: its first variables are the decision variables,
 * the rest are slack variables of inequality constraints.
 */
public record CompiledQubo(Qubo qubo, ConstrainedQubo source, int numSlackVariables) {

  public int numDecisionVariables() {
    return source.numVariables();
  }

  /** The decision variables of a sample of {@link #qubo()}. */
  public byte[] decisionValues(byte[] sample) {
    return Arrays.copyOf(sample, numDecisionVariables());
  }

  public boolean isFeasible(byte[] sample) {
    return source.isFeasible(sample);
  }

  public List<Constraint> violated(byte[] sample) {
    return source.violated(sample);
  }

  public double objectiveValue(byte[] sample) {
    return source.objectiveValue(sample);
  }
}
