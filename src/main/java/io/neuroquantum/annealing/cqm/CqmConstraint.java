package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.model.InvalidModelException;

/**
 * {@code lhs (<=|>=|=) rhs}, where the left-hand side is linear or quadratic in the model's variables
 * and its constant has been moved to the right.
 *
 * @param weight this constraint's penalty weight in a QUBO, or NaN for the model's rule (see {@link CqmQubo})
 */
public record CqmConstraint(String label, QuadraticExpression lhs, Sense sense, double rhs, double weight) {

  private static final double TOLERANCE = 1e-9;

  public CqmConstraint {
    if (lhs.constant() != 0) {
      rhs -= lhs.constant();
      lhs = lhs.withoutConstant();
    }
    if (!Double.isFinite(rhs)) {
      throw new InvalidModelException("constraint " + label + " has a non-finite right-hand side " + rhs);
    }
    if (!Double.isNaN(weight) && !(weight > 0 && Double.isFinite(weight))) {
      throw new InvalidModelException("constraint " + label + ": penalty weight must be positive, got " + weight);
    }
  }

  /**
   * How far an assignment is from satisfying this constraint: 0 when it does (within 10⁻⁹ relative),
   * else the distance of the left-hand side from the allowed side of the right-hand side.
   */
  public double violation(long[] values) {
    double v = lhs.evaluate(values);
    double amount = switch (sense) {
      case LE -> v - rhs;
      case GE -> rhs - v;
      case EQ -> Math.abs(v - rhs);
    };
    return amount <= TOLERANCE * Math.max(1, Math.abs(rhs)) ? 0 : amount;
  }

  public CqmConstraint withWeight(double w) {
    return new CqmConstraint(label, lhs, sense, rhs, w);
  }

  @Override
  public String toString() {
    return label + ": " + (lhs.isLinear() ? "linear" : "quadratic") + " " + sense.symbol() + " " + rhs;
  }
}
