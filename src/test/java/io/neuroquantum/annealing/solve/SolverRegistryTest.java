package io.neuroquantum.annealing.solve;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.localsearch.PostProcessed;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.OneHotGroups;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.solvers.ParallelTempering;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.SimulatedAnnealing;
import io.neuroquantum.annealing.strategies.AdvancedAnnealing;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolverRegistryTest {

  private static final RunControl TWO_THREADS = RunControl.defaults().withThreads(2);

  /** A frustrated ring of 12 spins with one odd bond: ground energy −10. */
  private static Ising ring() {
    Ising.Builder b = Ising.builder(12);
    for (int i = 0; i < 12; i++) {
      b.addQuadratic(i, (i + 1) % 12, i == 0 ? 1.0 : -1.0);
    }
    return b.build();
  }

  private static InvalidParameterException refusal(String solver, Map<String, ?> parameters) {
    try {
      SolverRegistry.configure(solver, parameters, null);
    } catch (InvalidParameterException e) {
      return e;
    }
    throw new AssertionError("accepted " + parameters + " for " + solver);
  }

  @Test
  void every_solver_of_the_command_line_and_the_server_is_registered() {
    assertThat(SolverRegistry.names()).containsExactly("sa", "pt", "exact", "descent", "tabu", "sqa", "tfim-exact");
    assertThat(SolverRegistry.configure(null, Map.of(), null).name()).isEqualTo("sa");
  }

  @Test
  void unknown_solvers_and_parameters_are_refused_with_the_reason_and_the_parameter() {
    InvalidParameterException solver = null;
    try {
      SolverRegistry.spec("magic");
    } catch (InvalidParameterException e) {
      solver = e;
    }
    assertThat(solver.parameter()).isEqualTo("type");
    assertThat(solver).hasMessage("unknown solver \"magic\" (available: sa, pt, exact, descent, tabu, sqa, tfim-exact)");

    InvalidParameterException misplaced = refusal("sa", Map.of("replicas", 4));
    assertThat(misplaced.parameter()).isEqualTo("replicas");
    assertThat(misplaced.getMessage()).startsWith("parameter 'replicas' does not apply to solver 'sa' (it is a parameter of pt; sa takes sweeps, reads,");

    assertThat(refusal("exact", Map.of("sweeps", 10)).getMessage())
        .startsWith("parameter 'sweeps' does not apply to solver 'exact' (it is a parameter of sa, pt, sqa; exact takes seed, postprocess, spin_reversals, roof_duality)");
    assertThat(refusal("sa", Map.of("sweep", 10)).getMessage()).startsWith("unknown parameter 'sweep' of solver 'sa'");
  }

  @Test
  void values_are_checked_against_their_declared_type_and_range() {
    assertThat(refusal("sa", Map.of("sweeps", 0))).hasMessage("sweeps must be between 1 and 2147483647, got 0");
    assertThat(refusal("sa", Map.of("sweeps", 1.5))).hasMessage("sweeps must be a whole number, got 1.5");
    assertThat(refusal("sa", Map.of("sweeps", "100"))).hasMessage("sweeps must be a whole number, got \"100\"");
    assertThat(refusal("pt", Map.of("reads", 65))).hasMessage("reads must be between 1 and 64, got 65");
    assertThat(refusal("pt", Map.of("cluster_moves", "yes"))).hasMessage("cluster_moves must be true or false, got \"yes\"");
    assertThat(refusal("pt", Map.of("ladder", "hot")))
        .hasMessage("ladder of solver 'pt' must be one of geometric, feedback, got \"hot\"");
    assertThat(refusal("sqa", Map.of("gamma0", Double.NaN))).hasMessage("gamma0 must be a finite number, got NaN");
    assertThat(refusal("sa", Map.of("postprocess", "greedy")))
        .hasMessage("postprocess of solver 'sa' must be one of none, descent, tabu, got \"greedy\"");
    // a whole-number double from JSON is a whole number
    assertThat(SolverRegistry.check("sa", Map.of("sweeps", 200.0)).parameters().integer("sweeps")).isEqualTo(200);
  }

  @Test
  void every_declared_default_is_a_value_its_own_check_accepts() {
    for (SolverSpec spec : SolverRegistry.all()) {
      for (Parameter p : spec.parameters()) {
        if (p.defaultValue() != null) {
          assertThat(p.check(spec.name(), p.defaultValue())).as(spec.name() + "." + p.name()).isEqualTo(p.defaultValue());
        } else {
          assertThat(p.defaultNote()).as(spec.name() + "." + p.name() + " says how it is chosen").isNotBlank();
        }
      }
    }
  }

  @Test
  void defaults_come_from_the_declarations_and_given_values_reach_the_config() {
    SimulatedAnnealing sa = (SimulatedAnnealing) SolverRegistry.configure("sa", Map.of(), null).solver();
    assertThat(sa.config().sweeps()).isEqualTo(SimulatedAnnealing.Config.DEFAULT_SWEEPS);
    assertThat(sa.config().seed()).isEqualTo(1L);
    SimulatedAnnealing given = (SimulatedAnnealing) SolverRegistry.configure("SA",
        Map.of("sweeps", 300, "reads", 5, "seed", 9L, "schedule", "Linear"), null).solver();
    assertThat(given.config()).isEqualTo(SimulatedAnnealing.Config.defaults().withSweeps(300).withReads(5).withSeed(9)
        .withSchedule(io.neuroquantum.annealing.schedules.BetaSchedule.Kind.LINEAR));
  }

  @Test
  void multi_start_parameters_turn_sa_and_sqa_into_the_strategy_and_refuse_what_it_would_ignore() {
    ConfiguredSolver strategy = SolverRegistry.configure("sa", Map.of("starts", 3, "reads", 2), null);
    assertThat(strategy.solver()).isInstanceOf(AdvancedAnnealing.class);
    assertThat(((AdvancedAnnealing) strategy.solver()).config().starts()).isEqualTo(3);
    assertThat(strategy.name()).isEqualTo("sa");
    assertThat(SolverRegistry.configure("sqa", Map.of("tunnelling_strength", 2.0), null).solver())
        .isInstanceOf(AdvancedAnnealing.class);
    assertThat(refusal("sa", Map.of("starts", 2, "schedule", "linear")).getMessage())
        .startsWith("parameter 'schedule' of solver 'sa' does not combine with 'starts'");
    assertThat(refusal("sa", Map.of("starts", 2, "convergence_threshold", 0.5)).getMessage())
        .startsWith("convergence_threshold needs convergence_window");
    assertThat(SolverRegistry.check("pt", Map.of("workers", 2)).workers()).isEqualTo(2);
    assertThat(SolverRegistry.check("exact", Map.of()).workers()).isZero();
  }

  @Test
  void pt_gets_the_problems_one_hot_moves_unless_single_flips_is_asked_for() {
    org.jgrapht.graph.SimpleGraph<Integer, org.jgrapht.graph.DefaultEdge> g =
        new org.jgrapht.graph.SimpleGraph<>(org.jgrapht.graph.DefaultEdge.class);
    for (int v = 0; v < 3; v++) {
      g.addVertex(v);
    }
    g.addEdge(0, 1);
    g.addEdge(1, 2);
    g.addEdge(0, 2);
    GraphColoring<Integer> triangle = GraphColoring.of(g, 3);
    OneHotGroups groups = EncodedProblem.coloring(triangle).oneHotGroups();
    ParallelTempering moves = (ParallelTempering) SolverRegistry.configure("pt", Map.of(), groups).solver();
    ParallelTempering flips = (ParallelTempering) SolverRegistry.configure("pt", Map.of("single_flips", true), groups)
        .solver();
    assertThat(moves.config().oneHotGroups()).isSameAs(groups);
    assertThat(flips.config().oneHotGroups()).isNull();
  }

  @Test
  void solver_specific_results_travel_in_the_sample_sets_info() {
    Ising ring = ring();
    SampleSet pt = SolverRegistry.configure("pt", Map.of("sweeps", 100, "replicas", 4, "reads", 8), null).solver()
        .solve(ring, TWO_THREADS);
    assertThat(pt.bestEnergy()).isEqualTo(SolverRegistry.configure("exact", Map.of(), null).solver().solve(ring).bestEnergy());
    @SuppressWarnings("unchecked")
    Map<String, Object> tempering = (Map<String, Object>) pt.info().get("tempering");
    assertThat(tempering).containsKeys("betas", "swap_acceptance", "round_trips", "best_energy_trace");
    assertThat((java.util.List<?>) tempering.get("betas")).hasSize(4);

    SampleSet post = SolverRegistry.configure("pt", Map.of("sweeps", 5, "replicas", 2, "reads", 2,
        "postprocess", "descent"), null).solver().solve(ring, TWO_THREADS);
    assertThat(post.info()).containsKeys("tempering", "postprocess");
    @SuppressWarnings("unchecked")
    Map<String, Object> pp = (Map<String, Object>) post.info().get("postprocess");
    assertThat(pp.get("method")).isEqualTo("descent");
    assertThat((double) pp.get("best_energy_after")).isLessThanOrEqualTo((double) pp.get("best_energy_before"));

    assertThat(SolverRegistry.configure("tfim-exact", Map.of("reads", 10, "anneal_time", 5.0), null).solver()
        .solve(ring, TWO_THREADS).info()).containsKey("tfim_exact");
    assertThat(SolverRegistry.configure("sa", Map.of("starts", 2, "sweeps", 50, "reads", 2), null).solver()
        .solve(ring, TWO_THREADS).info()).containsKey("strategy");
    assertThat(SolverRegistry.configure("sa", Map.of("postprocess", "tabu", "sweeps", 20), null).solver())
        .isInstanceOf(PostProcessed.class);
    assertThat(SolverRegistry.configure("exact", Map.of(), null).solver().solve(ring, TWO_THREADS).info()).isEmpty();
  }

  @Test
  void the_table_in_docs_annealing_md_lists_every_solver_and_parameter_of_the_registry() throws Exception {
    java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/annealing.md"));
    String common = lines.stream().filter(l -> l.startsWith("| every solver |")).findFirst().orElseThrow();
    SolverRegistry.COMMON.forEach(p -> assertThat(common).contains("`" + p.name() + "`"));
    for (SolverSpec spec : SolverRegistry.all()) {
      String row = lines.stream().filter(l -> l.startsWith("| `" + spec.name() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError("docs/annealing.md has no row for " + spec.name()));
      spec.parameters().stream().filter(p -> !SolverRegistry.COMMON.contains(p))
          .forEach(p -> assertThat(row).as(spec.name()).contains("`" + p.name() + "`"));
    }
  }
}
