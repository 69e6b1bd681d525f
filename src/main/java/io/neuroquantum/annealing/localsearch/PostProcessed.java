package io.neuroquantum.annealing.localsearch;

import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A solver followed by a pass over all of its samples, as D-Wave's greedy post-processing: the
 * sampler finds the right valley, the {@link PostProcessor} (steepest descent, or tabu search)
 * takes its samples to the bottom. Post-processing only lowers energies, so every sample comes back
 * at or below the energy it had.
 *
 * <p>The run control (threads, time limit, cancellation) applies to each stage with its own clock;
 * stopped early, post-processing returns the states it had reached.
 */
public final class PostProcessed implements Solver {

  private final Solver solver;
  private final PostProcessor postProcessor;

  public PostProcessed(Solver solver, PostProcessor postProcessor) {
    this.solver = Objects.requireNonNull(solver, "solver");
    this.postProcessor = Objects.requireNonNull(postProcessor, "postProcessor");
  }

  /** The solver whose samples are post-processed (for callers that estimate its cost). */
  public Solver solver() {
    return solver;
  }

  public PostProcessor postProcessor() {
    return postProcessor;
  }

  /** The solver's own name: the post-processing is an option of the run, not another solver. */
  @Override
  public String name() {
    return solver.name();
  }

  @Override
  public SampleSet solve(QuadraticModel model, RunControl control) {
    return finish(solver.solve(model, control), model, control);
  }

  /**
   * Post-processes {@code raw}, the samples {@link #solver()} returned (for callers that run the solver
   * themselves, as the job server does to place it on workers). The result keeps raw's info and adds
   * a {@code postprocess} entry: the method and the best energy before and after.
   */
  public SampleSet finish(SampleSet raw, QuadraticModel model, RunControl control) {
    SampleSet done = postProcessor.postProcess(raw, model, control);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("method", postProcessor.name());
    info.put("best_energy_before", raw.bestEnergy());
    info.put("best_energy_after", done.bestEnergy());
    info.put("seconds", (done.timing().totalNanos() - raw.timing().totalNanos()) / 1e9);
    return done.withInfo(raw.info()).withInfo("postprocess", info);
  }
}
