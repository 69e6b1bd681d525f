package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.QuadraticModel;
import io.neuroquantum.annealing.solvers.Solver;

/**
 * A solver name with its parameters, checked ({@link SolverRegistry#check}) but not yet built: the
 * job server checks a request before it parses the problem, whose one-hot groups some solvers need
 * to be built ({@link #build}).
 */
public record SolverRequest(SolverSpec spec, ParameterValues parameters) {

  public String name() {
    return spec.name();
  }

  public long seed() {
    return parameters.seed();
  }

  /** {@code workers} (job server only): worker verticles to run on, 0 for in-process. */
  public int workers() {
    if (spec.parameter(SolverRegistry.WORKERS).isEmpty()) {
      return 0;
    }
    Integer workers = parameters.integer(SolverRegistry.WORKERS);
    return workers == null ? 0 : workers;
  }

  /**
   * The solver inside the composites asked for ({@link Composites}), ending with its post-processing
   * if one was asked for.
   *
   * @param oneHotGroups the problem's one-hot groups (colouring, TSP), or null
   * @throws IllegalArgumentException for a combination the solver cannot run (the reason says why)
   */
  public ConfiguredSolver build(OneHotGroups oneHotGroups) {
    return build(parameters, oneHotGroups);
  }

  /**
   * As {@link #build(OneHotGroups)}, with the defaults the user did not set chosen from {@code model}'s
   * structure ({@link ModelStructure}): what the command line and the job server use.
   */
  public ConfiguredSolver build(QuadraticModel model, OneHotGroups oneHotGroups) {
    return build(parameters.forModel(ModelStructure.of(model)), oneHotGroups);
  }

  private ConfiguredSolver build(ParameterValues parameters, OneHotGroups oneHotGroups) {
    if (workers() > 0 && Composites.requested(parameters)) {
      throw new InvalidParameterException(SolverRegistry.WORKERS, "workers does not combine with spin_reversals "
          + "or roof_duality (the composites run in-process)");
    }
    boolean composite = Composites.requested(parameters);
    Solver solver = spec.factory().create(parameters, composite ? null : oneHotGroups);
    solver = composite ? Composites.wrap(solver, parameters) : solver;
    return new ConfiguredSolver(this, SolverRegistry.postProcess(parameters).applyTo(solver, oneHotGroups));
  }
}
