package io.neuroquantum.annealing.cqm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The exact optimum of a constrained model by ojAlgo's integer solver (branch and bound over its
 * LP/QP relaxations): an answer independent of the QUBO encoding, to check the annealers against.
 */
public final class OjAlgoOptimum {

  public record Result(double objective, long[] values) {
  }

  private OjAlgoOptimum() {
  }

  public static Result solve(ConstrainedQuadraticModel m) {
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    List<Variable> vars = new ArrayList<>();
    for (CqmVariable v : m.variables()) {
      vars.add(model.addVariable(v.name()).integer(true).lower(v.lower()).upper(v.upper()));
    }
    Expression objective = model.addExpression("objective").weight(1);
    set(objective, m.objective(), vars);
    for (CqmConstraint c : m.constraints()) {
      Expression e = model.addExpression(c.label());
      set(e, c.lhs(), vars);
      switch (c.sense()) {
        case LE -> e.upper(c.rhs());
        case GE -> e.lower(c.rhs());
        case EQ -> e.level(c.rhs());
      }
    }
    Optimisation.Result r = m.goal() == ConstrainedQuadraticModel.Goal.MAXIMIZE ? model.maximise() : model.minimise();
    if (!r.getState().isOptimal()) {
      throw new IllegalStateException("ojAlgo did not prove an optimum: " + r.getState());
    }
    long[] values = new long[vars.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.round(r.doubleValue(i));
    }
    return new Result(m.objectiveValue(values), values);
  }

  private static void set(Expression e, QuadraticExpression q, List<Variable> vars) {
    for (Map.Entry<Integer, Double> t : q.linear().entrySet()) {
      e.set(vars.get(t.getKey()), t.getValue());
    }
    for (Map.Entry<Long, Double> t : q.quadratic().entrySet()) {
      e.set(vars.get(QuadraticExpression.first(t.getKey())), vars.get(QuadraticExpression.second(t.getKey())),
          t.getValue());
    }
  }
}
