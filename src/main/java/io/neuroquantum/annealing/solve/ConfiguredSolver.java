package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.solvers.Solver;

/**
 * A solver built from a checked {@link SolverRequest}: the {@link Solver} to run (with its
 * post-processing, if any) and the request it came from, whose parameters a result reports so that
 * the run can be repeated.
 */
public record ConfiguredSolver(SolverRequest request, Solver solver) {

  public String name() {
    return request.name();
  }

  public long seed() {
    return request.seed();
  }
}
