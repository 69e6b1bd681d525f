package io.neuroquantum.annealing.composites;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;

/**
 * Fixes what {@link RoofDuality} proves (variables equal in every minimum), runs the inner solver on
 * the rest and answers with full samples. Fixing only proven values never excludes a minimum.
 */
public final class RoofDualityComposite implements Solver {

  private final Solver inner;

  public RoofDualityComposite(Solver inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return "roof+" + inner.name();
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    FixedVariables fixing = FixedVariables.of(model, RoofDuality.persistentVariables(model));
    return FixVariablesComposite.solveWith(fixing, inner, control);
  }
}
