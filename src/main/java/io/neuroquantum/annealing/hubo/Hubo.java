package io.neuroquantum.annealing.hubo;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A higher-order binary model: {@code E(x) = c + Σ_t a_t Π_{i∈t} xᵢ} over x ∈ {0,1}ⁿ, where a term
 * may multiply any number of distinct variables (xᵢ² = xᵢ, so a repeated variable counts once).
 * {@link HuboReduction} turns it into a QUBO with auxiliary variables.
 *
 * <pre>{@code
 * Hubo h = Hubo.builder(4).add(2, 0, 1, 2).add(-3, 1, 2, 3).add(1, 0).build();   // 2x0x1x2 − 3x1x2x3 + x0
 * }</pre>
 */
public final class Hubo {

  private final int numVariables;
  private final Map<Term, Double> terms;
  private final double offset;

  private Hubo(int numVariables, Map<Term, Double> terms, double offset) {
    this.numVariables = numVariables;
    this.terms = Collections.unmodifiableMap(terms);
    this.offset = offset;
  }

  public static Builder builder(int numVariables) {
    return new Builder(numVariables, ModelLimits.DEFAULT);
  }

  public static Builder builder(int numVariables, ModelLimits limits) {
    return new Builder(numVariables, limits);
  }

  public int numVariables() {
    return numVariables;
  }

  /** The terms with their coefficients; every term has at least one variable (constants are the offset). */
  public Map<Term, Double> terms() {
    return terms;
  }

  public double offset() {
    return offset;
  }

  /** The largest number of variables in one term (0 for a constant model). */
  public int degree() {
    return terms.keySet().stream().mapToInt(Term::degree).max().orElse(0);
  }

  public double energy(byte[] x) {
    if (x.length != numVariables) {
      throw new InvalidModelException("sample has " + x.length + " values, the model has " + numVariables + " variables");
    }
    double e = offset;
    for (Map.Entry<Term, Double> t : terms.entrySet()) {
      if (t.getKey().isOne(x)) {
        e += t.getValue();
      }
    }
    return e;
  }

  /** The distinct variables of a term, ascending. */
  public record Term(int[] variables) {

    public Term {
      variables = variables.clone();
    }

    @Override
    public int[] variables() {
      return variables.clone();
    }

    public int degree() {
      return variables.length;
    }

    int variable(int k) {
      return variables[k];
    }

    boolean isOne(byte[] x) {
      for (int v : variables) {
        if (x[v] == 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Term t && Arrays.equals(t.variables, variables);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(variables);
    }

    @Override
    public String toString() {
      return Arrays.toString(variables);
    }
  }

  /** Collects terms; repeats add up, zero sums are dropped, indices and coefficients are checked. */
  public static final class Builder {
    private final int n;
    private final ModelLimits limits;
    private final Map<Term, Double> terms = new LinkedHashMap<>();
    private double offset;

    private Builder(int n, ModelLimits limits) {
      if (n < 0) {
        throw new InvalidModelException("number of variables must not be negative: " + n);
      }
      if (n > limits.maxVariables()) {
        throw new InvalidModelException("model has " + n + " variables, over the limit of " + limits.maxVariables());
      }
      this.n = n;
      this.limits = limits;
    }

    /** Adds {@code a·Π xᵢ} over the given variables (none: a constant). */
    public Builder add(double a, int... variables) {
      if (!Double.isFinite(a)) {
        throw new InvalidModelException("term " + Arrays.toString(variables) + " has a non-finite coefficient " + a);
      }
      int[] sorted = Arrays.stream(variables).sorted().distinct().toArray();
      for (int v : sorted) {
        if (v < 0 || v >= n) {
          throw new InvalidModelException("term " + Arrays.toString(variables) + ": variable " + v
              + " out of range [0, " + n + ")");
        }
      }
      if (sorted.length == 0) {
        offset += a;
        return this;
      }
      if (terms.size() >= limits.maxInteractions()) {
        throw new InvalidModelException("model has more than " + limits.maxInteractions() + " terms, the limit");
      }
      terms.merge(new Term(sorted), a, Double::sum);
      return this;
    }

    public Hubo build() {
      Map<Term, Double> kept = new LinkedHashMap<>(terms);
      kept.values().removeIf(a -> a == 0.0);
      return new Hubo(n, kept, offset);
    }
  }
}
