package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.TfimExactSolver;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The {@code solver} of a job body: {@code {"type": "sa|sqa|pt|exact|tfim-exact", "seed": 1,
 * "time_limit_ms": …, "sweeps": …, "reads": …, "replicas": …, "ladder": …, "cluster_moves": …,
 * "exchange_interval": …, "workers": …, "slices": …}}; parameters a solver does not take are refused, so a typo
 * is an error rather than a silent default.
 */
final class JobSolvers {

  private JobSolvers() {
  }

  static Solver create(JsonObject spec, EncodedProblem problem) {
    JsonObject s = spec == null ? new JsonObject().put("type", "sa") : spec;
    String type = s.getValue("type", "sa") instanceof String t ? t.toLowerCase(Locale.ROOT) : "";
    long seed = s.getValue("seed") instanceof Number n ? n.longValue() : 1L;
    Integer sweeps = positive(s, "sweeps");
    Integer reads = positive(s, "reads");
    for (String key : s.fieldNames()) {
      boolean known = switch (key) {
        case "type", "seed", "time_limit_ms", "sweeps", "reads" -> true;
        case "replicas", "ladder", "cluster_moves", "exchange_interval", "workers" -> type.equals("pt");
        case "slices" -> type.equals("sqa");
        default -> false;
      };
      if (!known) {
        throw new InvalidModelException("solver." + key + " is not a parameter of " + type);
      }
    }
    return switch (type) {
      case "sa" -> {
        SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSeed(seed);
        c = sweeps != null ? c.withSweeps(sweeps) : c;
        yield new SimulatedAnnealing(reads != null ? c.withReads(reads) : c);
      }
      case "pt" -> {
        ParallelTempering.Config c = ParallelTempering.Config.defaults().withSeed(seed)
            .withClusterMoves(Boolean.TRUE.equals(s.getValue("cluster_moves")))
            .withOneHotGroups(problem.oneHotGroups());
        c = sweeps != null ? c.withSweeps(sweeps) : c;
        c = reads != null ? c.withRuns(reads) : c;
        Integer replicas = positive(s, "replicas");
        c = replicas != null ? c.withTemperatures(replicas) : c;
        Integer interval = positive(s, "exchange_interval");
        c = interval != null ? c.withExchangeInterval(interval) : c;
        if (s.getValue("ladder") instanceof String ladder) {
          try {
            c = c.withLadder(ParallelTempering.Ladder.valueOf(ladder.toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw new InvalidModelException("solver.ladder must be geometric or feedback");
          }
        }
        yield new ParallelTempering(c);
      }
      case "sqa" -> {
        SimulatedQuantumAnnealing.Config c = SimulatedQuantumAnnealing.Config.defaults().withSeed(seed);
        c = sweeps != null ? c.withSweeps(sweeps) : c;
        c = reads != null ? c.withReads(reads) : c;
        Integer slices = positive(s, "slices");
        yield new SimulatedQuantumAnnealing(slices != null ? c.withSlices(slices) : c);
      }
      case "exact" -> new ExactSolver();
      case "tfim-exact" -> {
        TfimExactSolver.Config c = TfimExactSolver.Config.defaults().withSeed(seed);
        yield new TfimExactSolver(reads != null ? c.withReads(reads) : c);
      }
      default -> throw new InvalidModelException("solver.type must be sa, sqa, pt, exact or tfim-exact");
    };
  }

  /** pt's {@code workers}: replica worker verticles to spread the ladder over (0: in-process). */
  static int workers(JsonObject spec, EncodedProblem problem, Solver solver) {
    Integer workers = spec == null ? null : positive(spec, "workers");
    if (workers == null) {
      return 0;
    }
    if (!(solver instanceof ParallelTempering pt) || !pt.plan(problem.model()).isBitSliced()) {
      throw new InvalidModelException("solver.workers: replicas on worker verticles need pt on a ±J model "
          + "(no fields, one coupling magnitude, such as unweighted Max-Cut)");
    }
    if (pt.config().clusterMoves()) {
      throw new InvalidModelException("solver.workers: cluster moves run in-process only");
    }
    return workers;
  }

  private static Integer positive(JsonObject s, String key) {
    Object v = s.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1
        || n.longValue() > Integer.MAX_VALUE) {
      throw new InvalidModelException("solver." + key + " must be a positive integer, got " + v);
    }
    return n.intValue();
  }
}
