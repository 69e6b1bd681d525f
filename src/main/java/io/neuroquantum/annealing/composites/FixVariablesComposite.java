package io.neuroquantum.annealing.composites;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.Timing;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.Map;

/**
 * A solver that fixes some variables before its inner solver runs on the rest, and answers with
 * full samples (the fixed values included, energies of the whole model). dimod's FixVariablesComposite.
 */
public final class FixVariablesComposite implements Solver {

  private final Solver inner;
  private final Map<Integer, Byte> values;

  /** @param values variable → value, in the variable type of the models this will solve */
  public FixVariablesComposite(Solver inner, Map<Integer, Byte> values) {
    this.inner = inner;
    this.values = Map.copyOf(values);
  }

  @Override
  public String name() {
    return "fixed+" + inner.name();
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    return solveWith(FixedVariables.of(model, values), inner, control);
  }

  /** Solves the reduced model and expands; with nothing left free, the one sample is the fixed one. */
  static SampleSet solveWith(FixedVariables fixing, Solver inner, RunControl control) {
    QuadraticModel original = fixing.original();
    if (fixing.reduced().numVariables() == 0) {
      byte[] full = fixing.expand(new byte[0]);
      return SampleSet.fromReads(original.varType(), new byte[][] {full},
          new double[] {original.energyUnchecked(full)}, new Timing(0, 0), SamplingStats.none(1));
    }
    SampleSet reduced = inner.solve(fixing.reduced(), control);
    return fixing.expand(reduced);
  }
}
