package io.neuroquantum.annealing.model;

import java.util.Arrays;

/**
 * A linear constraint on binary variables, {@code Σ aᵢxᵢ (=|≤|≥) b}, that a {@link ConstrainedQubo}
 * compiles into penalty terms. Inequalities become equalities through binary slack variables whose
 * unit is the {@link #slackResolution()}: real coefficients are fine as long as they are decimals of
 * at most {@value #MAX_DECIMALS} places; {@link #atMostOne} needs no slack at all.
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

  /** Decimal places an inequality's data may have: its slack unit is 10^-places (see {@link #slackResolution()}). */
  public static final int MAX_DECIMALS = 6;

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
    if ((relation == Relation.AT_MOST || relation == Relation.AT_LEAST) && decimalPlaces(coefficients, rhs) < 0) {
      throw new InvalidModelException("constraint " + label + ": an inequality's coefficients and right-hand side"
          + " must be decimals of at most " + MAX_DECIMALS + " places for an exact slack encoding; round them");
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

  /** Σ aᵢxᵢ ≤ b (a and b decimals of at most {@value #MAX_DECIMALS} places). */
  public static Constraint lessOrEqual(String label, int[] variables, double[] coefficients, double rhs) {
    return new Constraint(label, variables, coefficients, Relation.AT_MOST, rhs, Double.NaN);
  }

  /** Σ aᵢxᵢ ≥ b (a and b decimals of at most {@value #MAX_DECIMALS} places). */
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

  /**
   * The unit of an inequality's slack: the largest 10^-d (d ≤ {@value #MAX_DECIMALS}) of which every
   * coefficient and the right-hand side are whole multiples, so Σaᵢxᵢ − b is one too and a slack
   * counted in these units meets every feasible left-hand side exactly; it is also the smallest
   * nonzero violation. 1 for integer data; NaN when the data are not such decimals (possible only
   * for an equality, which needs no slack).
   */
  public double slackResolution() {
    return resolution(coefficients, rhs);
  }

  /** The decimal unit of any such data (see {@link #slackResolution()}), NaN when there is none. */
  public static double resolution(double[] coefficients, double rhs) {
    int places = decimalPlaces(coefficients, rhs);
    return places < 0 ? Double.NaN : Math.pow(10, -places);
  }

  /**
   * How much an assignment breaks this constraint: 0 when satisfied, else the distance of Σaᵢxᵢ
   * from the allowed side of b (for {@link Relation#AT_MOST_ONE}, the count of ones above 1).
   */
  public double violation(byte[] x) {
    double lhs = lhs(x);
    double amount = switch (relation) {
      case EQUAL -> Math.abs(lhs - rhs);
      case AT_MOST, AT_MOST_ONE -> lhs - rhs;
      case AT_LEAST -> rhs - lhs;
    };
    return isSatisfied(x) ? 0 : Math.max(0, amount);
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

  /** The fewest decimal places (0..MAX_DECIMALS) that write every value exactly, or −1 if none do. */
  private static int decimalPlaces(double[] coefficients, double rhs) {
    for (int d = 0; d <= MAX_DECIMALS; d++) {
      double scale = Math.pow(10, d);
      boolean whole = isWhole(rhs * scale);
      for (int k = 0; whole && k < coefficients.length; k++) {
        whole = isWhole(coefficients[k] * scale);
      }
      if (whole) {
        return d;
      }
    }
    return -1;
  }

  /** Whole up to the rounding of a decimal written in binary (0.1 · 10 is 1.0000000000000002). */
  private static boolean isWhole(double v) {
    return Math.abs(v - Math.rint(v)) <= 1e-9 * Math.max(1, Math.abs(v));
  }
}
