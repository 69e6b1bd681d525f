package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.localsearch.SteepestDescent;
import io.neuroquantum.annealing.localsearch.TabuSearch;
import io.neuroquantum.annealing.schedules.BetaRange;
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
        Parameter.integer("reads", 1, MAX, null,
            "independent reads (multi-start sa and sqa: reads per run, default 8)")
            .automatic("64 per core for ±J models (bit-sliced), else " + SimulatedAnnealing.Config.DEFAULT_READS),
        Parameter.choice("schedule", "geometric", List.of("geometric", "linear"), "how β moves from hot to cold"),
        Parameter.choice("kernel", "auto", List.of("auto", "scalar"),
            "auto (multi-spin coded for ±J models) or scalar (dwave-samplers' loop)"),
        BETA_RANGE, BETAS, INITIAL_STATES));
    params.addAll(MultiStart.SHARED);
    params.addAll(strategyOnly);
    return new SolverSpec("sa", "simulated annealing (Metropolis sweeps, geometric β schedule)", params, (v, groups) -> {
      var strategy = MultiStart.requestedBy(v, strategyOnly);
      if (strategy.isPresent()) {
        return MultiStart.create(v, false, strategy.get(),
            List.of("schedule", "kernel", BETA_RANGE.name(), BETAS.name(), INITIAL_STATES.name()));
      }
      SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSeed(v.seed())
          .withSweeps(v.integer("sweeps")).withReads(saReads(v))
          .withSchedule(BetaSchedule.Kind.valueOf(v.text("schedule").toUpperCase(Locale.ROOT)))
          .withKernel(SimulatedAnnealing.Kernel.valueOf(v.text("kernel").toUpperCase(Locale.ROOT)));
      c = v.has(BETA_RANGE.name()) ? c.withBetaRange(betaRange(v.text(BETA_RANGE.name()))) : c;
      if (v.has(BETAS.name())) {
        for (String other : List.of("sweeps", "schedule", BETA_RANGE.name())) {
          if (v.has(other)) {
            throw new InvalidParameterException(other, "parameter '" + other + "' does not combine with 'betas' "
                + "(a custom schedule runs one sweep per β, from its first to its last)");
          }
        }
        try {
          c = c.withCustomSchedule((double[]) v.value(BETAS.name()));
        } catch (IllegalArgumentException e) {
          throw new InvalidParameterException(BETAS.name(), e.getMessage());
        }
      }
      c = v.has(INITIAL_STATES.name()) ? c.withInitialStates(initialStates(v)) : c;
      return new SimulatedAnnealing(c);
    });
  }

  /** sa's β range, "HOT,COLD" (two positive numbers; hot is the smaller β). */
  static final Parameter BETA_RANGE = Parameter.text("beta_range",
      "HOT,COLD: the β the anneal starts and ends at, replacing the one from the model's fields")
      .automatic("dwave-samplers' rule from the model");

  /** A custom β schedule, one sweep per β; the command line reads it from a file (--schedule custom:FILE). */
  static final Parameter BETAS = Parameter.numbers("betas",
      "β of each sweep (a custom schedule; replaces sweeps, schedule and beta_range)").automatic("none: schedule over beta_range");

  /** Warm starts; the command line reads them from a file (--initial-state FILE). */
  static final Parameter INITIAL_STATES = Parameter.states("initial_states",
      "start states in the model's variable type, read r from state r mod count").automatic("none: random states");

  private static BetaRange betaRange(String text) {
    String[] parts = text.split(",");
    try {
      if (parts.length == 2) {
        return new BetaRange(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
      }
    } catch (IllegalArgumentException e) {   // NumberFormatException too
      throw new InvalidParameterException(BETA_RANGE.name(), "beta_range must be HOT,COLD, two positive finite "
          + "numbers, got \"" + text + "\"" + (e instanceof NumberFormatException ? "" : " (" + e.getMessage() + ")"));
    }
    throw new InvalidParameterException(BETA_RANGE.name(), "beta_range must be HOT,COLD, two positive finite numbers, got \""
        + text + "\"");
  }

  /** sa's reads: as given, else by the model's structure ({@link ModelStructure#saReads}). */
  private static int saReads(ParameterValues v) {
    if (v.has("reads")) {
      return v.integer("reads");
    }
    int plain = SimulatedAnnealing.Config.DEFAULT_READS;
    // warm starts run on the scalar kernel, where a read costs a read
    return v.has(INITIAL_STATES.name()) ? plain : v.structure().map(s -> s.saReads(plain)).orElse(plain);
  }

  /**
   * pt's cluster moves: as given, else on for a lattice-like model ({@link ModelStructure#latticeLike})
   * when they can run: in-process (not on workers) and with at least two runs to pair.
   */
  private static boolean clusterMoves(ParameterValues v) {
    if (v.has("cluster_moves")) {
      return v.flag("cluster_moves");
    }
    Integer workers = v.integer(SolverRegistry.WORKERS);
    boolean canRun = (workers == null || workers == 0) && (!v.has("reads") || v.integer("reads") >= 2);
    return canRun && v.structure().map(ModelStructure::latticeLike).orElse(false);
  }

  private static byte[][] initialStates(ParameterValues v) {
    return (byte[][]) v.value(INITIAL_STATES.name());
  }

  private static SolverSpec pt() {
    List<Parameter> params = List.of(
        Parameter.integer("sweeps", 1, MAX, ParallelTempering.Config.DEFAULT_SWEEPS, "sweeps per replica"),
        Parameter.integer("reads", 1, ParallelTempering.BIT_SLICED_LANES, null, "independent tempering runs")
            .automatic("64 for ±J models, else " + ParallelTempering.DEFAULT_SCALAR_RUNS),
        Parameter.integer("replicas", 2, MAX, null, "temperatures in the ladder").automatic("from the model's size"),
        Parameter.choice("ladder", "geometric", List.of("geometric", "feedback"),
            "geometric, or feedback-optimised (Katzgraber et al. 2006)"),
        Parameter.flag("cluster_moves", "Houdayer cluster moves between pairs of runs")
            .automatic("on for sparse lattice-like models (max degree ≤ 6, mean ≥ ¾ of it), else off"),
        Parameter.integer("exchange_interval", 1, MAX, null, "sweeps between replica exchanges")
            .automatic("1, 4 for ±J models"),
        Parameter.flag("single_flips", "no one-hot preserving moves for colouring and TSP"),
        MultiStart.WORKERS);
    return new SolverSpec("pt", "parallel tempering (replica exchange)", params, (v, groups) -> {
      ParallelTempering.Config c = ParallelTempering.Config.defaults().withSeed(v.seed())
          .withSweeps(v.integer("sweeps"))
          .withLadder(ParallelTempering.Ladder.valueOf(v.text("ladder").toUpperCase(Locale.ROOT)))
          .withClusterMoves(clusterMoves(v))
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
        List.of(Parameter.integer("reads", 1, MAX, SteepestDescent.Config.DEFAULT_READS, "random starts"),
            INITIAL_STATES),
        (v, groups) -> {
          SteepestDescent.Config c = SteepestDescent.Config.defaults().withSeed(v.seed()).withOneHotGroups(groups);
          c = v.has(INITIAL_STATES.name()) ? c.withInitialStates(initialStates(v)) : c;   // reads: one per state
          return new SteepestDescent(v.has("reads") || !v.has(INITIAL_STATES.name()) ? c.withReads(v.integer("reads")) : c);
        });
  }

  private static SolverSpec tabu() {
    List<Parameter> params = List.of(
        Parameter.integer("reads", 1, MAX, TabuSearch.Config.DEFAULT_READS, "independent multistart searches"),
        Parameter.integer("iterations", 1, MAX, null, "flips per read").automatic("100·n, at least 10 000"),
        Parameter.integer("tenure", 0, MAX, null, "iterations a flipped variable stays tabu").automatic("min(20, n/4)"),
        Parameter.integer("restart_after", 1, MAX, null, "iterations without improvement before a restart")
            .automatic("10·n, at least 1000"),
        INITIAL_STATES);
    return new SolverSpec("tabu", "multistart tabu search (dwave-samplers' TabuSampler)", params, (v, groups) -> {
      TabuSearch.Config c = TabuSearch.Config.defaults().withSeed(v.seed());
      c = v.has(INITIAL_STATES.name()) ? c.withInitialStates(initialStates(v)) : c;   // reads: one per state
      c = v.has("reads") || !v.has(INITIAL_STATES.name()) ? c.withReads(v.integer("reads")) : c;
      c = v.has("iterations") ? c.withIterations(v.integer("iterations")) : c;
      c = v.has("tenure") ? c.withTenure(v.integer("tenure")) : c;
      c = v.has("restart_after") ? c.withRestartAfter(v.integer("restart_after")) : c;
      return new TabuSearch(c);
    });
  }
}
