package io.neuroquantum.annealing.solve;

import io.neuroquantum.annealing.quantum.FieldSchedule;
import io.neuroquantum.annealing.quantum.SimulatedQuantumAnnealing;
import io.neuroquantum.annealing.quantum.TfimExactSolver;
import io.neuroquantum.annealing.quantum.TransverseFieldConfig;
import java.util.ArrayList;
import java.util.List;

/** The quantum solvers' specs: sqa (path-integral Monte Carlo) and tfim-exact (state-vector evolution). */
final class QuantumSolvers {

  private static final Parameter GAMMA0 = Parameter.number("gamma0", 0, Double.MAX_VALUE, null,
      "initial transverse field Γ₀ (with gamma_final)").automatic("3× the typical local field");
  private static final Parameter GAMMA_FINAL = Parameter.number("gamma_final", 0, Double.MAX_VALUE, null,
      "final transverse field Γ_f").automatic("1/100 of the typical local field (tfim-exact with gamma0: 0)");

  private QuantumSolvers() {
  }

  static List<SolverSpec> all() {
    return List.of(sqa(), tfimExact());
  }

  private static SolverSpec sqa() {
    List<Parameter> strategyOnly = List.of(MultiStart.TUNNELLING_STRENGTH, MultiStart.COHERENCE_TIME);
    List<Parameter> params = new ArrayList<>(List.of(
        Parameter.integer("sweeps", 1, Integer.MAX_VALUE, SimulatedQuantumAnnealing.Config.DEFAULT_SWEEPS,
            "sweeps per read"),
        Parameter.integer("reads", 1, Integer.MAX_VALUE, SimulatedQuantumAnnealing.Config.DEFAULT_READS,
            "independent reads (multi-start sa and sqa: reads per run, default 8)"),
        Parameter.integer("slices", 2, Integer.MAX_VALUE, SimulatedQuantumAnnealing.Config.DEFAULT_SLICES, "Trotter slices M"),
        GAMMA0, GAMMA_FINAL,
        Parameter.text("field_schedule", "linear | exponential:rate | adaptive:threshold").withDefault("linear")));
    params.addAll(MultiStart.SHARED);
    params.addAll(strategyOnly);
    return new SolverSpec("sqa", "simulated quantum annealing (Trotter slices, transverse field lowered)", params,
        (v, groups) -> {
          var strategy = MultiStart.requestedBy(v, strategyOnly);
          if (strategy.isPresent()) {
            return MultiStart.create(v, true, strategy.get(), List.of("slices", "gamma0", "gamma_final", "field_schedule"));
          }
          return new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults().withSeed(v.seed())
              .withSweeps(v.integer("sweeps")).withReads(v.integer("reads")).withSlices(v.integer("slices"))
              .withField(field(v, false)));
        });
  }

  private static SolverSpec tfimExact() {
    List<Parameter> params = List.of(
        Parameter.integer("reads", 1, Integer.MAX_VALUE, TfimExactSolver.Config.DEFAULT_READS,
            "samples drawn from the final distribution"),
        Parameter.number("anneal_time", Double.MIN_VALUE, 1e9, null, "anneal duration T in units of 1/energy")
            .automatic("100 / typical local field"),
        GAMMA0, GAMMA_FINAL,
        Parameter.text("field_schedule", "linear | exponential:rate").withDefault("linear"));
    return new SolverSpec("tfim-exact", "quantum annealing by exact state-vector evolution (at most 20 spins)", params,
        (v, groups) -> {
          TfimExactSolver.Config c = TfimExactSolver.Config.defaults().withSeed(v.seed()).withReads(v.integer("reads"))
              .withField(field(v, true));
          return new TfimExactSolver(v.has("anneal_time") ? c.withAnnealTime(v.number("anneal_time")) : c);
        });
  }

  /**
   * The transverse field, or null when none of its parameters was given (the solver then takes it
   * from the model's energy scale). Γ₀ and Γ_f go together, except that an exact anneal may end at 0.
   */
  private static TransverseFieldConfig field(ParameterValues v, boolean exact) {
    if (!v.has("gamma0") && !v.has("gamma_final") && !v.has("field_schedule")) {
      return null;
    }
    if (!v.has("gamma0") || (!v.has("gamma_final") && !exact)) {
      throw new InvalidParameterException(v.has("gamma0") ? "gamma_final" : "gamma0",
          "gamma0 and gamma_final go together (the defaults come from the model)");
    }
    double gammaFinal = v.has("gamma_final") ? v.number("gamma_final") : 0;
    return new TransverseFieldConfig(v.number("gamma0"), gammaFinal, FieldSchedule.parse(v.text("field_schedule")));
  }
}
