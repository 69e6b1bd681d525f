package io.neuroquantum.server.anneal;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.TfimExactSolver;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The {@code solver} of a job body: {@code {"type": "sa|sqa|pt|exact|tfim-exact", "seed": 1,
 * "time_limit_ms": …, "sweeps": …, "reads": …, "replicas": …, "ladder": …, "cluster_moves": …,
 * "exchange_interval": …, "workers": …, "slices": …, "starts": …, "parallel_runs": …, …}}; parameters a
 * solver does not take are refused, so a typo
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
        case "replicas", "ladder", "cluster_moves", "exchange_interval" -> type.equals("pt");
        case "workers" -> type.equals("pt") || type.equals("sa") || type.equals("sqa");
        case "starts", "parallel_runs", "convergence_threshold", "convergence_window" -> type.equals("sa")
            || type.equals("sqa");
        case "adaptive_cooling" -> type.equals("sa");
        case "tunnelling_strength", "coherence_time" -> type.equals("sqa");
        case "slices" -> type.equals("sqa");
        default -> false;
      };
      if (!known) {
        throw new InvalidModelException("solver." + key + " is not a parameter of " + type);
      }
    }
    if ((type.equals("sa") || type.equals("sqa")) && (s.containsKey("starts") || s.containsKey("parallel_runs")
        || s.containsKey("workers") || s.containsKey("convergence_window") || s.containsKey("adaptive_cooling")
        || s.containsKey("tunnelling_strength") || s.containsKey("coherence_time"))) {
      return strategy(s, type, seed, sweeps, reads);
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

  /**
   * Multi-start, parallel runs, convergence and the quantum knobs of {@link AdvancedAnnealingConfig}
   * for sa (classical, optionally adaptive cooling) and sqa (tunnelling strength default 3, i.e.
   * Γ₀ = 3ε as SQA's own default).
   */
  private static Solver strategy(JsonObject s, String type, long seed, Integer sweeps, Integer reads) {
    AdvancedAnnealingConfig c = AdvancedAnnealingConfig.defaults().withSeed(seed);
    c = c.withBudget(sweeps != null ? sweeps : c.sweeps(), reads != null ? reads : c.reads());
    Integer starts = positive(s, "starts");
    Integer parallel = positive(s, "parallel_runs");
    c = c.withStarts(starts != null ? starts : 1, parallel != null ? parallel : 1);
    if (s.containsKey("convergence_window")) {
      Integer window = positive(s, "convergence_window");
      double threshold = s.getValue("convergence_threshold") instanceof Number n ? n.doubleValue() : 0;
      c = c.withConvergence(threshold, window);
    }
    if (type.equals("sqa")) {
      double strength = s.getValue("tunnelling_strength") instanceof Number n ? n.doubleValue() : 3.0;
      Integer coherence = positive(s, "coherence_time");
      c = c.withTunnelling(strength, coherence != null ? coherence : 0);
    } else if (Boolean.TRUE.equals(s.getValue("adaptive_cooling"))) {
      c = c.withAdaptiveCooling(true);
    }
    return new AdvancedAnnealing(c);
  }

  /**
   * {@code workers}: worker verticles to spread pt's temperature ladder, or a strategy's runs, over
   * (0: in-process). Read before the problem is parsed, so that a count over the server's cap costs
   * nothing; {@link #checkDistributable} says whether the job can use them.
   */
  static int requestedWorkers(JsonObject spec) {
    Integer workers = spec == null ? null : positive(spec, "workers");
    return workers == null ? 0 : workers;
  }

  /** Refuses {@code workers} &gt; 0 for a job whose solver cannot run on worker verticles. */
  static void checkDistributable(int workers, EncodedProblem problem, Solver solver) {
    if (workers == 0 || solver instanceof AdvancedAnnealing) {
      return;
    }
    if (!(solver instanceof ParallelTempering pt)) {
      throw new InvalidModelException("solver.workers: replicas on worker verticles are for pt (and runs of sa/sqa "
          + "with starts or parallel_runs)");
    }
    String refusal = DistributedTempering.refusal(pt.config());
    if (refusal != null) {
      throw new InvalidModelException("solver.workers: " + refusal);
    }
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
