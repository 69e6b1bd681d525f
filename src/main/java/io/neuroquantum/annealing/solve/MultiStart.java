package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.solvers.Solver;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealingConfig;
import java.util.List;
import java.util.Optional;

/**
 * The multi-start strategy ({@link AdvancedAnnealing}) as parameters of sa and sqa: naming any of
 * them turns the solve into runs of the strategy (starts × parallel runs, a convergence stop, adaptive
 * cooling for sa, tunnelling strength and coherence time for sqa). Decided here for both solvers.
 */
final class MultiStart {

  static final Parameter STARTS = Parameter.integer("starts", 1, Integer.MAX_VALUE, 1,
      "multi-start: runs one after another, each from fresh random states");
  static final Parameter PARALLEL_RUNS = Parameter.integer("parallel_runs", 1, Integer.MAX_VALUE, 1,
      "multi-start: runs at the same time within a start, each with its own seed stream");
  static final Parameter CONVERGENCE_THRESHOLD = Parameter.number("convergence_threshold", 0, Double.MAX_VALUE, 0.0,
      "multi-start: an improvement of at most this much does not count (with convergence_window)");
  static final Parameter CONVERGENCE_WINDOW = Parameter.integer("convergence_window", 1, Integer.MAX_VALUE, null,
      "multi-start: stop after this many runs in a row without improving the best energy").automatic("never stop early");
  static final Parameter WORKERS = Parameter.integer(SolverRegistry.WORKERS, 1, Integer.MAX_VALUE, null,
      "worker verticles to run on (job server only)").automatic("in-process").placement();
  static final Parameter ADAPTIVE_COOLING = Parameter.flag("adaptive_cooling",
      "multi-start sa: cooling slows where the specific heat peaks");
  static final Parameter TUNNELLING_STRENGTH = Parameter.number("tunnelling_strength", 0, 1e6, 3.0,
      "multi-start sqa: Γ₀ as a multiple of the typical local field");
  static final Parameter COHERENCE_TIME = Parameter.integer("coherence_time", 1, Integer.MAX_VALUE, null,
      "multi-start sqa: sweeps of one quantum anneal before a restart").automatic("one anneal of all sweeps");

  /** Parameters of the strategy common to sa and sqa. */
  static final List<Parameter> SHARED = List.of(STARTS, PARALLEL_RUNS, CONVERGENCE_THRESHOLD, CONVERGENCE_WINDOW, WORKERS);

  private MultiStart() {
  }

  /**
   * The first strategy parameter {@code v} names (shared, or the solver's {@code own}), if any: naming
   * one asks for the strategy rather than the plain solver.
   */
  static Optional<String> requestedBy(ParameterValues v, List<Parameter> own) {
    return v.given().keySet().stream()
        .filter(k -> SHARED.stream().anyMatch(p -> p.name().equals(k)) || own.stream().anyMatch(p -> p.name().equals(k)))
        .findFirst();
  }

  /**
   * The strategy for sa ({@code quantum} false) or sqa, asked for by parameter {@code requestedBy};
   * the plain solver's own parameters ({@code plainOnly}) are refused with it. Sweeps and reads are per run; when not given
   * they are the strategy's own defaults, not the plain solver's.
   */
  static Solver create(ParameterValues v, boolean quantum, String requestedBy, List<String> plainOnly) {
    v.refuseWith(requestedBy, plainOnly);
    AdvancedAnnealingConfig c = AdvancedAnnealingConfig.defaults().withSeed(v.seed());
    c = c.withBudget(v.has("sweeps") ? v.integer("sweeps") : c.sweeps(), v.has("reads") ? v.integer("reads") : c.reads());
    c = c.withStarts(v.integer(STARTS.name()), v.integer(PARALLEL_RUNS.name()));
    if (v.has(CONVERGENCE_THRESHOLD.name()) && !v.has(CONVERGENCE_WINDOW.name())) {
      throw new InvalidParameterException(CONVERGENCE_THRESHOLD.name(),
          "convergence_threshold needs convergence_window (the runs in a row that may not improve by more)");
    }
    if (v.has(CONVERGENCE_WINDOW.name())) {
      c = c.withConvergence(v.number(CONVERGENCE_THRESHOLD.name()), v.integer(CONVERGENCE_WINDOW.name()));
    }
    if (quantum) {
      Integer coherence = v.integer(COHERENCE_TIME.name());
      c = c.withTunnelling(v.number(TUNNELLING_STRENGTH.name()), coherence == null ? 0 : coherence);
    } else {
      c = c.withAdaptiveCooling(v.flag(ADAPTIVE_COOLING.name()));
    }
    return new AdvancedAnnealing(c);
  }
}
