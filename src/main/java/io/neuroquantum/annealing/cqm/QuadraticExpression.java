package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.model.InvalidModelException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code c + Σ aᵢxᵢ + Σ_{i≤j} bᵢⱼxᵢxⱼ} over the variables of a {@link ConstrainedQuadraticModel}, by
 * index. A square {@code xᵢ²} (i = j) is kept as such: for an integer it is not xᵢ. Immutable; built
 * with {@link Builder}, where repeated terms add up and zero terms are dropped.
 */
public final class QuadraticExpression {

  private final Map<Integer, Double> linear;
  private final Map<Long, Double> quadratic;
  private final double constant;

  private QuadraticExpression(Map<Integer, Double> linear, Map<Long, Double> quadratic, double constant) {
    this.linear = Collections.unmodifiableMap(linear);
    this.quadratic = Collections.unmodifiableMap(quadratic);
    this.constant = constant;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Coefficient per variable index, ascending. */
  public Map<Integer, Double> linear() {
    return linear;
  }

  /** Coefficient per pair, keyed by {@link #pair}; {@link #first} ≤ {@link #second}. */
  public Map<Long, Double> quadratic() {
    return quadratic;
  }

  public double constant() {
    return constant;
  }

  public boolean isLinear() {
    return quadratic.isEmpty();
  }

  public static long pair(int i, int j) {
    return ((long) Math.min(i, j) << 32) | Math.max(i, j);
  }

  public static int first(long pair) {
    return (int) (pair >>> 32);
  }

  public static int second(long pair) {
    return (int) pair;
  }

  /** The value for one assignment of the model's variables. */
  public double evaluate(long[] values) {
    double sum = constant;
    for (Map.Entry<Integer, Double> e : linear.entrySet()) {
      sum += e.getValue() * values[e.getKey()];
    }
    for (Map.Entry<Long, Double> e : quadratic.entrySet()) {
      sum += e.getValue() * values[first(e.getKey())] * values[second(e.getKey())];
    }
    return sum;
  }

  /** This expression times {@code factor}. */
  public QuadraticExpression scaled(double factor) {
    Builder b = builder().addConstant(constant * factor);
    linear.forEach((i, a) -> b.addLinear(i, a * factor));
    quadratic.forEach((p, a) -> b.addQuadratic(first(p), second(p), a * factor));
    return b.build();
  }

  /** The same terms with constant 0. */
  public QuadraticExpression withoutConstant() {
    return new QuadraticExpression(linear, quadratic, 0);
  }

  /** Collects terms; each coefficient must be finite. */
  public static final class Builder {
    private final Map<Integer, Double> linear = new TreeMap<>();
    private final Map<Long, Double> quadratic = new TreeMap<>();
    private double constant;

    public Builder addConstant(double c) {
      constant += finite(c, "constant");
      return this;
    }

    public Builder addLinear(int i, double a) {
      linear.merge(i, finite(a, "linear term"), Double::sum);
      return this;
    }

    /** {@code a·xᵢ·xⱼ}; i = j is a square. */
    public Builder addQuadratic(int i, int j, double a) {
      quadratic.merge(pair(i, j), finite(a, "quadratic term"), Double::sum);
      return this;
    }

    public int numTerms() {
      return linear.size() + quadratic.size();
    }

    public QuadraticExpression build() {
      linear.values().removeIf(a -> a == 0.0);
      quadratic.values().removeIf(a -> a == 0.0);
      return new QuadraticExpression(new TreeMap<>(linear), new TreeMap<>(quadratic), constant);
    }

    private static double finite(double a, String what) {
      if (!Double.isFinite(a)) {
        throw new InvalidModelException(what + " has a non-finite coefficient: " + a);
      }
      return a;
    }
  }
}
