package io.neuroquantum.annealing.cqm;

import java.util.Arrays;

/**
 * A sample read back as a constrained model's assignment.
 *
 * @param values one value per model variable, in declaration order
 * @param objective the objective's value, in the model's sense (a maximised objective is not negated)
 * @param violations per constraint, in the model's order: 0 when satisfied, else by how much it is missed
 * @param energy the QUBO energy of the sample (the lowest, when several samples decode to these values)
 * @param occurrences how many reads ended in these values
 */
public record CqmSample(long[] values, double objective, double[] violations, double energy, int occurrences) {

  public CqmSample {
    values = values.clone();
    violations = violations.clone();
  }

  @Override
  public long[] values() {
    return values.clone();
  }

  @Override
  public double[] violations() {
    return violations.clone();
  }

  public boolean feasible() {
    return Arrays.stream(violations).allMatch(v -> v == 0);
  }

  /** How many constraints the sample breaks. */
  public int numViolated() {
    return (int) Arrays.stream(violations).filter(v -> v != 0).count();
  }

  @Override
  public String toString() {
    return "CqmSample[objective=" + objective + ", feasible=" + feasible() + ", values=" + Arrays.toString(values) + "]";
  }
}
