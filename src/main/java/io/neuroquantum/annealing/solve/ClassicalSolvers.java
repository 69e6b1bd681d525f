package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.localsearch.SteepestDescent;
import io.neuroquantum.annealing.localsearch.TabuSearch;
import io.neuroquantum.annealing.schedules.BetaSchedule;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.solvers.Solver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The classical solvers' specs: sa, pt, exact, and the local searches descent and tabu. */
final class ClassicalSolvers {

  private static final int MAX = Integer.MAX_VALUE;

  private ClassicalSolvers() {
  }

  static List<SolverSpec> all() {
    return List.of(sa(), pt(), exact(), descent(), tabu());
  }

  private static SolverSpec sa() {
    List<Parameter> strategyOnly = List.of(MultiStart.ADAPTIVE_COOLING);
    List<Parameter> params = new ArrayList<>(List.of(
        Parameter.integer("sweeps", 1, MAX, SimulatedAnnealing.Config.DEFAULT_SWEEPS, "sweeps per read"),
        Parameter.integer("reads", 1, MAX, SimulatedAnnealing.Config.DEFAULT_READS,
            "independent reads (multi-start sa and sqa: reads per run, default 8)"),
        Parameter.choice("schedule", "geometric", List.of("geometric", "linear"), "how β moves from hot to cold"),
        Parameter.choice("kernel", "auto", List.of("auto", "scalar"),
            "auto (multi-spin coded for ±J models) or scalar (dwave-samplers' loop)")));
    params.addAll(MultiStart.SHARED);
    params.addAll(strategyOnly);
    return new SolverSpec("sa", "simulated annealing (Metropolis sweeps, geometric β schedule)", params, (v, groups) -> {
      var strategy = MultiStart.requestedBy(v, strategyOnly);
      if (strategy.isPresent()) {
        return MultiStart.create(v, false, strategy.get(), List.of("schedule", "kernel"));
      }
      SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSeed(v.seed())
          .withSweeps(v.integer("sweeps")).withReads(v.integer("reads"))
          .withSchedule(BetaSchedule.Kind.valueOf(v.text("schedule").toUpperCase(Locale.ROOT)))
          .withKernel(SimulatedAnnealing.Kernel.valueOf(v.text("kernel").toUpperCase(Locale.ROOT)));
      return new SimulatedAnnealing(c);
    });
  }

  private static SolverSpec pt() {
    List<Parameter> params = List.of(
        Parameter.integer("sweeps", 1, MAX, ParallelTempering.Config.DEFAULT_SWEEPS, "sweeps per replica"),
        Parameter.integer("reads", 1, ParallelTempering.BIT_SLICED_LANES, null, "independent tempering runs")
            .automatic("64 for ±J models, else " + ParallelTempering.DEFAULT_SCALAR_RUNS),
        Parameter.integer("replicas", 2, MAX, null, "temperatures in the ladder").automatic("from the model's size"),
        Parameter.choice("ladder", "geometric", List.of("geometric", "feedback"),
            "geometric, or feedback-optimised (Katzgraber et al. 2006)"),
        Parameter.flag("cluster_moves", "Houdayer cluster moves between pairs of runs"),
        Parameter.integer("exchange_interval", 1, MAX, null, "sweeps between replica exchanges")
            .automatic("1, 4 for ±J models"),
        Parameter.flag("single_flips", "no one-hot preserving moves for colouring and TSP"),
        MultiStart.WORKERS);
    return new SolverSpec("pt", "parallel tempering (replica exchange)", params, (v, groups) -> {
      ParallelTempering.Config c = ParallelTempering.Config.defaults().withSeed(v.seed())
          .withSweeps(v.integer("sweeps"))
          .withLadder(ParallelTempering.Ladder.valueOf(v.text("ladder").toUpperCase(Locale.ROOT)))
          .withClusterMoves(v.flag("cluster_moves"))
          .withOneHotGroups(v.flag("single_flips") ? null : groups);
      c = v.has("reads") ? c.withRuns(v.integer("reads")) : c;
      c = v.has("replicas") ? c.withTemperatures(v.integer("replicas")) : c;
      c = v.has("exchange_interval") ? c.withExchangeInterval(v.integer("exchange_interval")) : c;
      return new ParallelTempering(c);
    });
  }

  private static SolverSpec exact() {
    return new SolverSpec("exact", "enumerates all 2ⁿ states (at most " + ExactSolver.DEFAULT_MAX_VARIABLES
        + " variables); returns every ground state", List.of(), (v, groups) -> new ExactSolver());
  }

  private static SolverSpec descent() {
    return new SolverSpec("descent", "steepest descent from random states (dwave-samplers' SteepestDescentSolver)",
        List.of(Parameter.integer("reads", 1, MAX, SteepestDescent.Config.DEFAULT_READS, "random starts")),
        (v, groups) -> new SteepestDescent(SteepestDescent.Config.defaults().withSeed(v.seed())
            .withReads(v.integer("reads")).withOneHotGroups(groups)));
  }

  private static SolverSpec tabu() {
    List<Parameter> params = List.of(
        Parameter.integer("reads", 1, MAX, TabuSearch.Config.DEFAULT_READS, "independent multistart searches"),
        Parameter.integer("iterations", 1, MAX, null, "flips per read").automatic("100·n, at least 10 000"),
        Parameter.integer("tenure", 0, MAX, null, "iterations a flipped variable stays tabu").automatic("min(20, n/4)"),
        Parameter.integer("restart_after", 1, MAX, null, "iterations without improvement before a restart")
            .automatic("10·n, at least 1000"));
    return new SolverSpec("tabu", "multistart tabu search (dwave-samplers' TabuSampler)", params, (v, groups) -> {
      TabuSearch.Config c = TabuSearch.Config.defaults().withSeed(v.seed()).withReads(v.integer("reads"));
      c = v.has("iterations") ? c.withIterations(v.integer("iterations")) : c;
      c = v.has("tenure") ? c.withTenure(v.integer("tenure")) : c;
      c = v.has("restart_after") ? c.withRestartAfter(v.integer("restart_after")) : c;
      return new TabuSearch(c);
    });
  }
}
