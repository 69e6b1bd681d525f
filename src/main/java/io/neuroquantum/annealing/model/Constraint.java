package io.neuroquantum.annealing.model;

import java.util.Arrays;

/**
 * A linear constraint on binary variables, {@code Σ aᵢxᵢ (=|≤|≥) b}, that a {@link ConstrainedQubo}
 * compiles into penalty terms. Inequalities become equalities through binary slack variables, so
 * their coefficients and right-hand side must be integers; {@link #atMostOne} needs no slack at all.
 *
 * @param label a name for messages and violation reports
 * @param weight the penalty weight for this constraint, or NaN to use the model's weight
 */
public record Constraint(String label, int[] variables, double[] coefficients, Relation relation,
    double rhs, double weight) {

  public enum Relation {
    EQUAL("="), AT_MOST("<="), AT_LEAST(">="), AT_MOST_ONE("<= 1 (pairwise)");

    private final String symbol;

    Relation(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private static final double TOLERANCE = 1e-9;

  public Constraint {
    if (variables.length != coefficients.length) {
      throw new InvalidModelException("constraint " + label + ": " + variables.length + " variables but "
          + coefficients.length + " coefficients");
    }
    if (variables.length == 0) {
      throw new InvalidModelException("constraint " + label + " has no variables");
    }
    variables = variables.clone();
    coefficients = coefficients.clone();
    int[] sorted = variables.clone();
    Arrays.sort(sorted);
    for (int k = 0; k < sorted.length; k++) {
      if (sorted[k] < 0) {
        throw new InvalidModelException("constraint " + label + ": negative variable index " + sorted[k]);
      }
      if (k > 0 && sorted[k] == sorted[k - 1]) {
        throw new InvalidModelException("constraint " + label + " lists variable " + sorted[k] + " twice");
      }
    }
    for (double a : coefficients) {
      if (!Double.isFinite(a)) {
        throw new InvalidModelException("constraint " + label + " has a non-finite coefficient " + a);
      }
    }
    if (!Double.isFinite(rhs)) {
      throw new InvalidModelException("constraint " + label + " has a non-finite right-hand side " + rhs);
    }
    if (!Double.isNaN(weight) && !(weight > 0 && Double.isFinite(weight))) {
      throw new InvalidModelException("constraint " + label + ": penalty weight must be positive, got " + weight);
    }
    if ((relation == Relation.AT_MOST || relation == Relation.AT_LEAST) && !integral(coefficients, rhs)) {
      throw new InvalidModelException("constraint " + label
          + ": an inequality needs integer coefficients and right-hand side for its slack encoding");
    }
  }

  /** Σ aᵢxᵢ = b. */
  public static Constraint equality(String label, int[] variables, double[] coefficients, double rhs) {
    return new Constraint(label, variables, coefficients, Relation.EQUAL, rhs, Double.NaN);
  }

  /** Exactly one of the variables is 1. */
  public static Constraint oneHot(String label, int... variables) {
    return equality(label, variables, ones(variables.length), 1);
  }

  /** Exactly k of the variables are 1. */
  public static Constraint exactlyK(String label, int k, int... variables) {
    return equality(label, variables, ones(variables.length), k);
  }

  /** At most one of the variables is 1: a pairwise penalty, no slack variables. */
  public static Constraint atMostOne(String label, int... variables) {
    return new Constraint(label, variables, ones(variables.length), Relation.AT_MOST_ONE, 1, Double.NaN);
  }

  /** At most k of the variables are 1 (k = 1 uses the pairwise form). */
  public static Constraint atMostK(String label, int k, int... variables) {
    if (k == 1) {
      return atMostOne(label, variables);
    }
    return lessOrEqual(label, variables, ones(variables.length), k);
  }

  /** Σ aᵢxᵢ ≤ b, integer a and b. */
  public static Constraint lessOrEqual(String label, int[] variables, double[] coefficients, double rhs) {
    return new Constraint(label, variables, coefficients, Relation.AT_MOST, rhs, Double.NaN);
  }

  /** Σ aᵢxᵢ ≥ b, integer a and b. */
  public static Constraint greaterOrEqual(String label, int[] variables, double[] coefficients, double rhs) {
    return new Constraint(label, variables, coefficients, Relation.AT_LEAST, rhs, Double.NaN);
  }

  /** This constraint with its own penalty weight instead of the model's. */
  public Constraint withWeight(double penaltyWeight) {
    return new Constraint(label, variables, coefficients, relation, rhs, penaltyWeight);
  }

  @Override
  public int[] variables() {
    return variables.clone();
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  int variable(int k) {
    return variables[k];
  }

  double coefficient(int k) {
    return coefficients[k];
  }

  int size() {
    return variables.length;
  }

  /** Σ aᵢxᵢ for a binary assignment. */
  public double lhs(byte[] x) {
    double sum = 0;
    for (int k = 0; k < variables.length; k++) {
      sum += coefficients[k] * x[variables[k]];
    }
    return sum;
  }

  public boolean isSatisfied(byte[] x) {
    double lhs = lhs(x);
    return switch (relation) {
      case EQUAL -> Math.abs(lhs - rhs) <= TOLERANCE * Math.max(1, Math.abs(rhs));
      case AT_MOST, AT_MOST_ONE -> lhs <= rhs + TOLERANCE;
      case AT_LEAST -> lhs >= rhs - TOLERANCE;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Constraint c && c.label.equals(label) && Arrays.equals(c.variables, variables)
        && Arrays.equals(c.coefficients, coefficients) && c.relation == relation && c.rhs == rhs
        && Double.compare(c.weight, weight) == 0;
  }

  @Override
  public int hashCode() {
    return label.hashCode() * 31 + Arrays.hashCode(variables);
  }

  @Override
  public String toString() {
    return label + ": " + variables.length + " variables " + relation.symbol() + " " + rhs;
  }

  private static double[] ones(int n) {
    double[] a = new double[n];
    Arrays.fill(a, 1.0);
    return a;
  }

  private static boolean integral(double[] coefficients, double rhs) {
    for (double a : coefficients) {
      if (a != Math.rint(a)) {
        return false;
      }
    }
    return rhs == Math.rint(rhs);
  }
}
