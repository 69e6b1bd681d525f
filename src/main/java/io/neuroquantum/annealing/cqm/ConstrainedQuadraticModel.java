package io.neuroquantum.annealing.cqm;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.ModelLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A constrained quadratic model, as dimod's CQM: named binary and bounded integer variables, a
 * quadratic objective to minimise or maximise, and linear or quadratic constraints ({@code <=},
 * {@code >=}, {@code =}) with real coefficients. Discrete variables are groups of binaries of which
 * exactly one is 1 (a one-hot constraint, labelled with the discrete variable's name).
 *
 * <pre>{@code
 * ConstrainedQuadraticModel m = ConstrainedQuadraticModel.builder()
 *     .addBinary("a").addInteger("n", 0, 5)
 *     .minimize(o -> o.term("a", -3).term("n", -1))
 *     .constraint("cap", c -> c.term("a", 2).term("n", 1), Sense.LE, 4)
 *     .build();
 * CqmQubo qubo = CqmQubo.of(m);   // a QUBO whose minimum is the model's optimum
 * }</pre>
 */
public final class ConstrainedQuadraticModel {

  /** Whether the objective is minimised or maximised. */
  public enum Goal {
    MINIMIZE, MAXIMIZE
  }

  private final List<CqmVariable> variables;
  private final Map<String, Integer> index;
  private final QuadraticExpression objective;
  private final Goal goal;
  private final List<CqmConstraint> constraints;
  private final List<int[]> discrete;

  private ConstrainedQuadraticModel(Builder b) {
    this.variables = List.copyOf(b.variables);
    this.index = Map.copyOf(b.index);
    this.objective = b.objective;
    this.goal = b.goal;
    this.constraints = List.copyOf(b.constraints);
    this.discrete = b.discrete.stream().map(int[]::clone).toList();
  }

  public static Builder builder() {
    return new Builder(ModelLimits.DEFAULT);
  }

  public static Builder builder(ModelLimits limits) {
    return new Builder(limits);
  }

  public List<CqmVariable> variables() {
    return variables;
  }

  public int numVariables() {
    return variables.size();
  }

  public CqmVariable variable(int i) {
    return variables.get(i);
  }

  /** The index of a named variable. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new InvalidModelException("no variable named " + name);
    }
    return i;
  }

  /** The objective as written: minimised or maximised as {@link #goal()} says. */
  public QuadraticExpression objective() {
    return objective;
  }

  public Goal goal() {
    return goal;
  }

  public List<CqmConstraint> constraints() {
    return constraints;
  }

  /** The discrete variables: each a group of binary variable indices of which exactly one is 1. */
  public List<int[]> discreteGroups() {
    return discrete.stream().map(int[]::clone).toList();
  }

  /** The objective's value for one assignment (in the model's own sense: a maximised value is not negated). */
  public double objectiveValue(long[] values) {
    checkValues(values);
    return objective.evaluate(values);
  }

  /** Per constraint, in order, how far the assignment is from satisfying it (0: satisfied). */
  public double[] violations(long[] values) {
    checkValues(values);
    double[] out = new double[constraints.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = constraints.get(c).violation(values);
    }
    return out;
  }

  public boolean isFeasible(long[] values) {
    return Arrays.stream(violations(values)).allMatch(v -> v == 0);
  }

  private void checkValues(long[] values) {
    if (values.length != variables.size()) {
      throw new InvalidModelException("assignment has " + values.length + " values, the model has "
          + variables.size() + " variables");
    }
    for (int i = 0; i < values.length; i++) {
      if (!variables.get(i).accepts(values[i])) {
        throw new InvalidModelException("value " + values[i] + " of " + variables.get(i).name()
            + " is outside [" + variables.get(i).lower() + ", " + variables.get(i).upper() + "]");
      }
    }
  }

  /** The values by variable name, in declaration order. */
  public Map<String, Long> byName(long[] values) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      out.put(variables.get(i).name(), values[i]);
    }
    return out;
  }

  @Override
  public String toString() {
    return "ConstrainedQuadraticModel[variables=" + variables.size() + ", constraints=" + constraints.size()
        + ", " + goal.name().toLowerCase() + "]";
  }

  /** Terms of an expression by variable name; names must be declared before they are used. */
  public static final class Terms {
    private final Builder owner;
    private final QuadraticExpression.Builder expression = QuadraticExpression.builder();

    private Terms(Builder owner) {
      this.owner = owner;
    }

    /** {@code a·x}. */
    public Terms term(String x, double a) {
      expression.addLinear(owner.indexOf(x), a);
      owner.countTerm();
      return this;
    }

    /** {@code a·x·y}; x = y is a square. */
    public Terms term(String x, String y, double a) {
      expression.addQuadratic(owner.indexOf(x), owner.indexOf(y), a);
      owner.countTerm();
      return this;
    }

    public Terms constant(double c) {
      expression.addConstant(c);
      return this;
    }
  }

  /** Collects a model; every mistake fails with the name of what is wrong. */
  public static final class Builder {
    private final ModelLimits limits;
    private final List<CqmVariable> variables = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Set<String> labels = new HashSet<>();
    private QuadraticExpression objective = QuadraticExpression.builder().build();
    private Goal goal = Goal.MINIMIZE;
    private final List<CqmConstraint> constraints = new ArrayList<>();
    private final List<int[]> discrete = new ArrayList<>();
    private long terms;

    private Builder(ModelLimits limits) {
      this.limits = limits;
    }

    public Builder addBinary(String name) {
      return add(CqmVariable.binary(name));
    }

    public Builder addInteger(String name, long lower, long upper) {
      return add(CqmVariable.integer(name, lower, upper));
    }

    public Builder add(CqmVariable v) {
      if (index.containsKey(v.name())) {
        throw new InvalidModelException("variable " + v.name() + " is declared twice");
      }
      if (variables.size() >= limits.maxVariables()) {
        throw new InvalidModelException("model has more than " + limits.maxVariables() + " variables, the limit");
      }
      index.put(v.name(), variables.size());
      variables.add(v);
      return this;
    }

    public boolean has(String name) {
      return index.containsKey(name);
    }

    /**
     * A discrete variable {@code label}: exactly one of the named binaries is 1 (they are declared
     * here if new). Adds the one-hot constraint, labelled {@code label}.
     */
    public Builder addDiscrete(String label, String... cases) {
      if (cases.length < 2) {
        throw new InvalidModelException("discrete variable " + label + " needs at least 2 cases");
      }
      int[] group = new int[cases.length];
      Set<String> seen = new HashSet<>();
      for (int k = 0; k < cases.length; k++) {
        if (!seen.add(cases[k])) {
          throw new InvalidModelException("discrete variable " + label + " lists case " + cases[k] + " twice");
        }
        if (!has(cases[k])) {
          addBinary(cases[k]);
        }
        group[k] = indexOf(cases[k]);
        if (variables.get(group[k]).kind() != CqmVariable.Kind.BINARY) {
          throw new InvalidModelException("discrete variable " + label + ": case " + cases[k] + " is not binary");
        }
      }
      for (int[] other : discrete) {
        for (int v : other) {
          for (int g : group) {
            if (v == g) {
              throw new InvalidModelException("case " + variables.get(g).name() + " of discrete variable " + label
                  + " already belongs to another discrete variable");
            }
          }
        }
      }
      discrete.add(group);
      return constraint(label, t -> {
        for (String c : cases) {
          t.term(c, 1);
        }
      }, Sense.EQ, 1);
    }

    public Builder minimize(Consumer<Terms> terms) {
      return objective(Goal.MINIMIZE, terms);
    }

    public Builder maximize(Consumer<Terms> terms) {
      return objective(Goal.MAXIMIZE, terms);
    }

    public Builder objective(Goal g, Consumer<Terms> terms) {
      Terms t = new Terms(this);
      terms.accept(t);
      this.objective = t.expression.build();
      this.goal = g;
      return this;
    }

    public Builder objective(Goal g, QuadraticExpression expression) {
      checkIndices(expression, "the objective");
      this.objective = expression;
      this.goal = g;
      return this;
    }

    public Builder constraint(String label, Consumer<Terms> lhs, Sense sense, double rhs) {
      Terms t = new Terms(this);
      lhs.accept(t);
      return constraint(new CqmConstraint(label, t.expression.build(), sense, rhs, Double.NaN));
    }

    public Builder constraint(CqmConstraint c) {
      if (!labels.add(c.label())) {
        throw new InvalidModelException("constraint label " + c.label() + " is used twice");
      }
      checkIndices(c.lhs(), "constraint " + c.label());
      constraints.add(c);
      return this;
    }

    /** The index of a declared variable. */
    public int indexOf(String name) {
      Integer i = index.get(name);
      if (i == null) {
        throw new InvalidModelException("variable " + name + " is used but not declared");
      }
      return i;
    }

    /** Counts terms added by a reader that builds its expressions itself ({@link CqmJson}). */
    void countTerms(long added) {
      terms += added;
      if (terms > limits.maxInteractions()) {
        throw new InvalidModelException("model has more than " + limits.maxInteractions() + " terms, the limit");
      }
    }

    private void countTerm() {
      if (++terms > limits.maxInteractions()) {
        throw new InvalidModelException("model has more than " + limits.maxInteractions() + " terms, the limit");
      }
    }

    private void checkIndices(QuadraticExpression e, String where) {
      for (int i : e.linear().keySet()) {
        checkIndex(i, where);
      }
      for (long p : e.quadratic().keySet()) {
        checkIndex(QuadraticExpression.first(p), where);
        checkIndex(QuadraticExpression.second(p), where);
      }
    }

    private void checkIndex(int i, String where) {
      if (i < 0 || i >= variables.size()) {
        throw new InvalidModelException(where + " names variable index " + i + ", the model has " + variables.size());
      }
    }

    public ConstrainedQuadraticModel build() {
      return new ConstrainedQuadraticModel(this);
    }
  }
}
