package io.neuroquantum.annealing.problems;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weighted max-2-SAT: an assignment of n booleans satisfying clauses of one or two literals of the
 * largest total weight. Literals are DIMACS-style: +k is variable k (1-based) true, −k false.
 * Variable k−1 of the QUBO is variable k's value. A clause is unsatisfied exactly when all its literals
 * are false, so its cost is a product (Glover et al. 2019, §5): {@code w·(1 − ℓ₁)(1 − ℓ₂)} with
 * ℓ = x or 1 − x. The QUBO's energy is the weight of the unsatisfied clauses; no constraints, no
 * penalty, every assignment is feasible.
 */
public final class Max2Sat implements QuboProblem {

  private final int numVariables;
  private final int[][] clauses;
  private final double[] weights;

  private Max2Sat(int numVariables, int[][] clauses, double[] weights) {
    this.numVariables = numVariables;
    this.clauses = clauses;
    this.weights = weights;
  }

  /** Unweighted clauses. */
  public static Max2Sat of(int numVariables, int[][] clauses) {
    double[] ones = new double[clauses.length];
    java.util.Arrays.fill(ones, 1.0);
    return of(numVariables, clauses, ones);
  }

  public static Max2Sat of(int numVariables, int[][] clauses, double[] weights) {
    if (numVariables < 1) {
      throw new InvalidModelException("max-2-SAT needs at least one variable");
    }
    if (weights.length != clauses.length) {
      throw new InvalidModelException("max-2-SAT: " + clauses.length + " clauses but " + weights.length + " weights");
    }
    int[][] copy = new int[clauses.length][];
    for (int c = 0; c < clauses.length; c++) {
      int[] clause = clauses[c];
      if (clause.length < 1 || clause.length > 2) {
        throw new InvalidModelException("clause " + (c + 1) + " has " + clause.length + " literals; max-2-SAT takes 1 or 2");
      }
      for (int lit : clause) {
        if (lit == 0 || Math.abs(lit) > numVariables) {
          throw new InvalidModelException("clause " + (c + 1) + ": literal " + lit + " is not ±1.." + numVariables);
        }
      }
      if (!(weights[c] >= 0) || !Double.isFinite(weights[c])) {
        throw new InvalidModelException("clause " + (c + 1) + ": weight must be finite and ≥ 0, got " + weights[c]);
      }
      copy[c] = clause.clone();
    }
    return new Max2Sat(numVariables, copy, weights.clone());
  }

  @Override
  public String type() {
    return "max2sat";
  }

  /** Σ_c w_c·Π_{ℓ∈c}(1 − ℓ), with 1 − x for a positive literal and x for a negative one. */
  @Override
  public Qubo model() {
    Qubo.Builder b = Qubo.builder(numVariables);
    for (int c = 0; c < clauses.length; c++) {
      double w = weights[c];
      int[] clause = clauses[c];
      // each factor (1 − ℓ) is a + b·x: a = 1, b = −1 for x; a = 0, b = 1 for ¬x
      double a1 = clause[0] > 0 ? 1 : 0;
      double b1 = clause[0] > 0 ? -1 : 1;
      int v1 = Math.abs(clause[0]) - 1;
      if (clause.length == 1) {
        b.addOffset(w * a1).addLinear(v1, w * b1);
        continue;
      }
      double a2 = clause[1] > 0 ? 1 : 0;
      double b2 = clause[1] > 0 ? -1 : 1;
      int v2 = Math.abs(clause[1]) - 1;
      if (v1 == v2) {   // x ∨ x or x ∨ ¬x: (a1 + b1x)(a2 + b2x) with x² = x
        b.addOffset(w * a1 * a2).addLinear(v1, w * (a1 * b2 + a2 * b1 + b1 * b2));
        continue;
      }
      b.addOffset(w * a1 * a2).addLinear(v1, w * b1 * a2).addLinear(v2, w * a1 * b2).addQuadratic(v1, v2, w * b1 * b2);
    }
    return b.build();
  }

  /** Total weight of the clauses that {@code assignment} (0/1 per variable) leaves unsatisfied. */
  public double unsatisfiedWeight(byte[] assignment) {
    double sum = 0;
    for (int c = 0; c < clauses.length; c++) {
      sum += satisfied(c, assignment) ? 0 : weights[c];
    }
    return sum;
  }

  /** How many clauses {@code assignment} leaves unsatisfied, whatever their weights. */
  public int unsatisfiedClauses(byte[] assignment) {
    int count = 0;
    for (int c = 0; c < clauses.length; c++) {
      count += satisfied(c, assignment) ? 0 : 1;
    }
    return count;
  }

  private boolean satisfied(int c, byte[] assignment) {
    for (int lit : clauses[c]) {
      if ((assignment[Math.abs(lit) - 1] == 1) == (lit > 0)) {
        return true;
      }
    }
    return false;
  }

  /** The energy is the unsatisfied weight (no penalties): the progress bar can show it as such. */
  @Override
  public java.util.Optional<EncodedProblem.EnergyObjective> objectiveOfEnergy() {
    return java.util.Optional.of(new EncodedProblem.EnergyObjective("unsatisfied_weight", e -> e));
  }

  @Override
  public Answer decode(Sample sample) {
    byte[] x = sample.values();
    for (int i = 0; i < x.length; i++) {
      x[i] = (byte) (x[i] > 0 ? 1 : 0);   // spins +1 / bits 1 are true
    }
    double unsatisfied = unsatisfiedWeight(x);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    Map<String, Object> objective = new LinkedHashMap<>();
    objective.put("satisfied_weight", total - unsatisfied);
    objective.put("unsatisfied_weight", unsatisfied);
    objective.put("unsatisfied_clauses", unsatisfiedClauses(x));
    objective.put("assignment", sample.toIntArray());
    return new Answer(sample.energy(), objective, true, sample.toIntArray(), unsatisfied);
  }
}
