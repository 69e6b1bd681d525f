package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.Objects;

/**
 * A solver followed by a steepest-descent pass over all of its samples, as D-Wave's greedy
 * post-processing: the sampler finds the right valley, the descent takes its samples to the bottom.
 * The descent only lowers energies, so every sample comes back at or below the energy it had.
 *
 * <p>The run control (threads, time limit, cancellation) applies to both stages; the descent gets
 * whatever time the solver left, and stopped early it returns the states it had reached.
 */
public final class PostProcessed implements Solver {

  private final Solver solver;
  private final SteepestDescent descent;

  public PostProcessed(Solver solver, SteepestDescent descent) {
    this.solver = Objects.requireNonNull(solver, "solver");
    this.descent = Objects.requireNonNull(descent, "descent");
  }

  /** The solver whose samples are post-processed (for callers that estimate its cost). */
  public Solver solver() {
    return solver;
  }

  public SteepestDescent descent() {
    return descent;
  }

  /** The solver's own name: the post-processing is an option of the run, not another solver. */
  @Override
  public String name() {
    return solver.name();
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    SampleSet raw = solver.solve(model, control);
    return descent.postProcess(raw, model, control);
  }
}
