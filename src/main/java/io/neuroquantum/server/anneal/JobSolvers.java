package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.localsearch.PostProcessed;
import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.solve.ConfiguredSolver;
import io.neuroquantum.annealing.solve.InvalidParameterException;
import io.neuroquantum.annealing.solve.SolverRegistry;
import io.neuroquantum.annealing.solve.SolverRequest;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code solver} of a job body, {@code {"type": "sa", "seed": 1, "sweeps": …, "postprocess": …,
 * "workers": …, "time_limit_ms": …}}, handed to the library's {@link SolverRegistry}, which decides
 * which solver takes which parameter, its type, range and default, exactly as for the command line.
 * Here the server only takes out what is its own ({@code type} names the solver, {@code time_limit_ms}
 * is read by {@link JobLimits}) and puts {@code solver.} in front of the registry's reason, so a typo
 * is an error naming the field rather than a silent default. The seed defaults to 1.
 */
final class JobSolvers {

  /** Fields of the solver object that are not solver parameters. */
  private static final String TYPE = "type";
  private static final String TIME_LIMIT = "time_limit_ms";

  private JobSolvers() {
  }

  /** Checks the solver object before the problem is parsed: a bad parameter costs nothing. */
  static SolverRequest check(JsonObject spec) {
    JsonObject s = spec == null ? new JsonObject() : spec;
    Object type = s.getValue(TYPE);
    Map<String, Object> parameters = new LinkedHashMap<>(s.getMap());
    parameters.remove(TYPE);
    parameters.remove(TIME_LIMIT);
    return refusedAs(() -> SolverRegistry.check(type == null ? null : String.valueOf(type), parameters));
  }

  /** The solver for {@code problem} (pt's one-hot moves and descent's need its one-hot groups). */
  static ConfiguredSolver build(SolverRequest request, EncodedProblem problem) {
    return refusedAs(() -> request.build(problem.model(), problem.oneHotGroups()));
  }

  /** The solver without its post-processing: what runs in-process or on worker verticles. */
  static Solver core(Solver solver) {
    return solver instanceof PostProcessed pp ? pp.solver() : solver;
  }

  /** Refuses {@code workers} &gt; 0 for a job whose solver cannot run on worker verticles. */
  static void checkDistributable(int workers, EncodedProblem problem, Solver solver) {
    Solver core = core(solver);
    if (workers == 0 || core instanceof AdvancedAnnealing) {
      return;
    }
    if (!(core instanceof ParallelTempering pt)) {
      throw new InvalidModelException("solver.workers: replicas on worker verticles are for pt (and runs of sa/sqa "
          + "with starts or parallel_runs)");
    }
    String refusal = DistributedTempering.refusal(pt.config());
    if (refusal != null) {
      throw new InvalidModelException("solver.workers: " + refusal);
    }
  }

  private static <T> T refusedAs(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidParameterException e) {
      throw new InvalidModelException("solver." + e.parameter() + ": " + e.getMessage());
    }
  }
}
