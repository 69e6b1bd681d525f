package io.neuroquantum.annealing.composites;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.LinkedHashMap;
import java.util.Map;

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

  public Solver inner() {
    return inner;
  }

  /**
   * Solves, and reports under info topic {@code roof_duality} what the preprocessing did:
   * {@code fixed_variables} (how many were proven), {@code free_variables} (left to the inner solver)
   * and {@code fixed} (variable → value, in the model's variable type).
   */
  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    Map<Integer, Byte> proven = RoofDuality.persistentVariables(model);
    FixedVariables fixing = FixedVariables.of(model, proven);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("fixed_variables", proven.size());
    info.put("free_variables", model.numVariables() - proven.size());
    Map<String, Object> fixed = new LinkedHashMap<>();
    proven.forEach((i, v) -> fixed.put(String.valueOf(i), (int) v));
    info.put("fixed", fixed);
    return FixVariablesComposite.solveWith(fixing, inner, control).withInfo(TOPIC, info);
  }

  /** The info topic this composite reports under. */
  public static final String TOPIC = "roof_duality";
}
