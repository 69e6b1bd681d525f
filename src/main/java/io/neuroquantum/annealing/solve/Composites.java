package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.composites.RoofDualityComposite;
import io.neuroquantum.annealing.composites.SpinReversalComposite;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.List;

/**
 * The composites any solver can run inside, as parameters every solver takes: {@code roof_duality}
 * fixes the variables roof duality proves before the solver sees the model, {@code spin_reversals}
 * runs the solver once per random gauge and pools the samples. Decided here in one place: the order
 * (roof duality outermost, so the gauges act on the smaller model; post-processing, added by
 * {@link SolverRequest#build}, after both on the full model) and what does not combine with them.
 * Inside a composite the solver gets no one-hot groups (colouring, TSP): roof duality renumbers the
 * variables and a gauge flips their meaning, so moves that keep groups one-hot would not; it runs
 * single flips, and the post-processing (on the full model) still uses the groups.
 */
final class Composites {

  static final Parameter SPIN_REVERSALS = Parameter.integer("spin_reversals", 1, 1 << 16, null,
      "spin-reversal transforms: the solver runs once per random gauge (seeded), samples pooled; "
          + "info spin_reversals says how many gauges ran").automatic("none");
  static final Parameter ROOF_DUALITY = Parameter.flag("roof_duality",
      "fix the variables roof duality proves equal in every minimum, solve the rest; info roof_duality "
          + "lists them");

  static final List<Parameter> ALL = List.of(SPIN_REVERSALS, ROOF_DUALITY);

  private Composites() {
  }

  /** Whether {@code v} asks for any composite. */
  static boolean requested(ParameterValues v) {
    return v.has(SPIN_REVERSALS.name()) || v.flag(ROOF_DUALITY.name());
  }

  /** {@code solver} inside the composites {@code v} asks for. */
  static Solver wrap(Solver solver, ParameterValues v) {
    Solver out = solver;
    if (v.has(SPIN_REVERSALS.name())) {
      // the gauges' stream is the seed's, apart from the solver's own streams
      out = new SpinReversalComposite(out, v.integer(SPIN_REVERSALS.name()), v.seed() ^ 0x5EEDL);
    }
    if (v.flag(ROOF_DUALITY.name())) {
      out = new RoofDualityComposite(out);
    }
    return out;
  }
}
