package io.neuroquantum.annealing.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A QUBO objective with linear constraints, compiled into one unconstrained {@link Qubo} by adding a
 * penalty {@code P·(Σ aᵢxᵢ − b)²} per constraint (inequalities first gain binary slack variables,
 * appended after the decision variables, counting in units of the constraint's
 * {@link Constraint#slackResolution()} with the weights of {@link BinaryExpansion}).
 *
 * <p>Penalty weight: unless set on the model or on a constraint, it is the objective's largest
 * single-flip change, {@code maxᵢ (|qᵢᵢ| + Σⱼ |qᵢⱼ|)} (1 for an empty objective). With that weight,
 * leaving feasibility by one flip of a unit-coefficient constraint never lowers the energy, so the
 * sampler cannot buy objective value with a violation one move away. It is a safe bound, not a tight
 * one: problems whose objective is large only in infeasible states (TSP) set a smaller weight.
 */
public final class ConstrainedQubo {

  private final Qubo objective;
  private final List<Constraint> constraints;
  private final double penaltyWeight;

  private ConstrainedQubo(Qubo objective, List<Constraint> constraints, double penaltyWeight) {
    this.objective = objective;
    this.constraints = List.copyOf(constraints);
    this.penaltyWeight = penaltyWeight;
    for (Constraint c : this.constraints) {
      for (int v : c.variables()) {
        if (v >= objective.numVariables()) {
          throw new InvalidModelException("constraint " + c.label() + " names variable " + v
              + ", the objective has " + objective.numVariables());
        }
      }
    }
  }

  public static ConstrainedQubo of(Qubo objective, List<Constraint> constraints) {
    return new ConstrainedQubo(objective, constraints, Double.NaN);
  }

  /** The same model with a fixed penalty weight for every constraint that has none of its own. */
  public ConstrainedQubo withPenaltyWeight(double weight) {
    if (!(weight > 0 && Double.isFinite(weight))) {
      throw new InvalidModelException("penalty weight must be positive and finite, got " + weight);
    }
    return new ConstrainedQubo(objective, constraints, weight);
  }

  public Qubo objective() {
    return objective;
  }

  public List<Constraint> constraints() {
    return constraints;
  }

  public int numVariables() {
    return objective.numVariables();
  }

  /** The weight used for constraints without their own: the configured one, else the automatic one. */
  public double penaltyWeight() {
    return Double.isNaN(penaltyWeight) ? autoPenaltyWeight(objective) : penaltyWeight;
  }

  /** The objective's largest single-flip change (see the class comment), 1 when it is zero. */
  public static double autoPenaltyWeight(Qubo objective) {
    int n = objective.numVariables();
    double[] reach = new double[n];
    for (int i = 0; i < n; i++) {
      reach[i] = Math.abs(objective.linear(i));
    }
    objective.forEachInteraction((i, j, q) -> {
      reach[i] += Math.abs(q);
      reach[j] += Math.abs(q);
    });
    double max = Arrays.stream(reach).max().orElse(0);
    return max > 0 ? max : 1.0;
  }

  /** True when the first {@link #numVariables()} values satisfy every constraint. */
  public boolean isFeasible(byte[] x) {
    return violated(x).isEmpty();
  }

  public List<Constraint> violated(byte[] x) {
    if (x.length < numVariables()) {
      throw new InvalidModelException("sample has " + x.length + " values, the model has "
          + numVariables() + " decision variables");
    }
    List<Constraint> out = new ArrayList<>();
    for (Constraint c : constraints) {
      if (!c.isSatisfied(x)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The objective's value on the decision variables (slack values, if present, are ignored). */
  public double objectiveValue(byte[] x) {
    return objective.energyUnchecked(x.length == numVariables() ? x : Arrays.copyOf(x, numVariables()));
  }

  /** Compiles objective and penalties into one QUBO over decision and slack variables. */
  public CompiledQubo compile() {
    double defaultWeight = penaltyWeight();
    List<double[]> rows = new ArrayList<>();   // per constraint: coefficients over its (extended) variables
    List<int[]> vars = new ArrayList<>();
    List<Double> rhs = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<Constraint> pairwise = new ArrayList<>();
    int next = numVariables();
    for (Constraint c : constraints) {
      double w = Double.isNaN(c.weight()) ? defaultWeight : c.weight();
      if (c.relation() == Constraint.Relation.AT_MOST_ONE) {
        pairwise.add(c.withWeight(w));
        continue;
      }
      double[] a = c.coefficients();
      int[] v = c.variables();
      double b = c.rhs();
      if (c.relation() == Constraint.Relation.AT_LEAST) {   // Σax ≥ b  ⇔  Σ(−a)x ≤ −b
        for (int k = 0; k < a.length; k++) {
          a[k] = -a[k];
        }
        b = -b;
      }
      if (c.relation() != Constraint.Relation.EQUAL) {
        double low = 0;
        double high = 0;
        for (double ak : a) {
          low += Math.min(0, ak);
          high += Math.max(0, ak);
        }
        if (b < low) {
          throw new InvalidModelException("constraint " + c.label() + " can never be satisfied");
        }
        if (b >= high) {
          continue;   // always satisfied: no penalty needed
        }
        // slack s = b − Σax ∈ [0, b − low], a whole number of resolution units
        double unit = c.slackResolution();
        long range = Math.round((b - low) / unit);
        long[] slackWeights = BinaryExpansion.weights(range);
        int base = a.length;
        a = Arrays.copyOf(a, base + slackWeights.length);
        v = Arrays.copyOf(v, base + slackWeights.length);
        for (int t = 0; t < slackWeights.length; t++) {
          a[base + t] = slackWeights[t] * unit;
          v[base + t] = next++;
        }
      }
      rows.add(a);
      vars.add(v);
      rhs.add(b);
      weights.add(w);
    }

    Qubo.Builder builder = Qubo.builder(next);
    builder.addOffset(objective.offset());
    for (int i = 0; i < numVariables(); i++) {
      builder.addLinear(i, objective.linear(i));
    }
    objective.forEachInteraction(builder::addQuadratic);
    for (int r = 0; r < rows.size(); r++) {
      addSquaredPenalty(builder, vars.get(r), rows.get(r), rhs.get(r), weights.get(r));
    }
    for (Constraint c : pairwise) {
      int[] v = c.variables();
      for (int p = 0; p < v.length; p++) {
        for (int q = p + 1; q < v.length; q++) {
          builder.addQuadratic(v[p], v[q], c.weight());
        }
      }
    }
    return new CompiledQubo(builder.build(), this, next - numVariables());
  }

  /** P(Σ aₖyₖ − b)² = P[Σ aₖ²yₖ + 2Σ_{k<l} aₖaₗyₖyₗ − 2bΣ aₖyₖ + b²], using y² = y. */
  private static void addSquaredPenalty(Qubo.Builder builder, int[] v, double[] a, double b, double weight) {
    for (int k = 0; k < v.length; k++) {
      builder.addLinear(v[k], weight * (a[k] * a[k] - 2 * b * a[k]));
      for (int l = k + 1; l < v.length; l++) {
        builder.addQuadratic(v[k], v[l], 2 * weight * a[k] * a[l]);
      }
    }
    builder.addOffset(weight * b * b);
  }
}
