package io.neuroquantum.annealing.quantum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.model.InvalidModelException;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.StopCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact state-vector annealing: Landau–Zener, norm, and the adiabatic crossover predicted by the spectrum. */
class TfimExactEvolutionTest {

  /**
   * H(t) = (v t/2)σᶻ + (Δ/2)σˣ from t = −T to T starting in the ground state: the excitation
   * probability is exp(−πΔ²/(2v)) (ħ = 1) up to finite-T oscillations of order Δ/(vT); with vT = 50
   * the measured deviation is below 1e-5, the tolerance is 1e-4.
   */
  @ParameterizedTest(name = "Δ = {0}")
  @CsvSource({"0.5", "0.8", "1.2"})
  void one_spin_landau_zener_sweep_matches_the_analytic_excitation_probability(double delta) {
    double v = 1;
    double halfTime = 50;
    StateVectorEvolution ev = StateVectorEvolution.of(Ising.builder(1).addLinear(0, 1.0).build());
    // H = −a σˣ + b σᶻ with a = −Δ/2 and b = v t/2.
    StateVector psi = ev.groundState(-delta / 2, -v * halfTime / 2);
    ev.evolve(psi, t -> -delta / 2, t -> v * t / 2, -halfTime, halfTime, StateVectorEvolution.Options.DEFAULT,
        StopCheck.never(), null);
    StateVector finalGround = ev.groundState(-delta / 2, v * halfTime / 2);
    double excited = 1 - finalGround.overlap(psi);
    assertThat(excited).isCloseTo(Math.exp(-Math.PI * delta * delta / (2 * v)), within(1e-4));
  }

  @Test
  void both_integrator_orders_agree_and_keep_the_norm_to_1e_10() {
    Ising model = WeakStrongPairs.complete(4, 2, 1, 0.44);
    StateVectorEvolution ev = StateVectorEvolution.of(model);
    TransverseFieldConfig field = new TransverseFieldConfig(6, 0, new FieldSchedule.Linear());
    StateVector second = ev.groundState(6, 1);
    StateVector fourth = second.copy();
    ev.evolve(second, t -> field.field(t / 5), t -> 1, 0, 5,
        StateVectorEvolution.Options.DEFAULT.withFourthOrder(false), StopCheck.never(), null);
    StateVectorEvolution.Report r = ev.evolve(fourth, t -> field.field(t / 5), t -> 1, 0, 5,
        StateVectorEvolution.Options.DEFAULT, StopCheck.never(), null);
    assertThat(second.norm()).isCloseTo(1, within(1e-10));
    assertThat(fourth.norm()).isCloseTo(1, within(1e-10));
    assertThat(fourth.overlap(second)).isCloseTo(1, within(1e-5));
    assertThat(r.errorEstimate()).isLessThan(1e-6);
  }

  /**
   * The anneal time that matters is t_ad = max_u |⟨g|∂H/∂u|0⟩| / Δ(u)², from the spectrum. Across
   * weak-strong pairs whose minimum gaps differ by a factor of 4.6, the excitation probability after
   * an anneal of T ≥ 2·t_ad is (t_ad/T)² within 0.03 (first-order adiabatic perturbation theory),
   * T = 16·t_ad ends in the ground state with probability > 0.99, and T = t_ad/8 visibly does not (< 0.5).
   */
  @ParameterizedTest(name = "k = {0}, links = {1}, hw = {2}")
  @CsvSource({"3, 2, 0.44", "4, 2, 0.44", "4, 3, 0.7"})
  void slow_anneals_end_in_the_ground_state_and_the_crossover_follows_the_spectrum(int k, int links, double hw) {
    Ising model = WeakStrongPairs.complete(k, links, 1, hw);
    TransverseFieldConfig field = new TransverseFieldConfig(3 * TransverseFieldConfig.typicalLocalField(model), 0,
        new FieldSchedule.Linear());
    double tAd = TfimSpectrum.of(model).gapAlong(field, 101).adiabaticTime();
    assertThat(groundStateProbability(model, field, tAd / 8)).isLessThan(0.5);
    assertThat(1 - groundStateProbability(model, field, 2 * tAd)).isCloseTo(1 / 4.0, within(0.03));
    assertThat(1 - groundStateProbability(model, field, 4 * tAd)).isCloseTo(1 / 16.0, within(0.03));
    if (k == 3) {   // the slow run of the larger pairs takes seconds; one instance shows it
      assertThat(groundStateProbability(model, field, 16 * tAd)).isGreaterThan(0.99);
    }
  }

  private static double groundStateProbability(Ising model, TransverseFieldConfig field, double time) {
    TfimExactResult r = new TfimExactSolver(TfimExactSolver.Config.defaults().withField(field).withAnnealTime(time)
        .withIntegrator(StateVectorEvolution.Options.DEFAULT.withTolerance(1e-5)))
        .run(model, RunControl.defaults().withThreads(1));
    double norm = 0;
    for (double p : r.probabilities()) {
      norm += p;
    }
    assertThat(norm).isCloseTo(1, within(1e-10));
    return r.groundStateProbability();
  }

  @Test
  void the_prepared_initial_state_is_the_ground_state_found_by_diagonalisation() {
    Ising model = WeakStrongPairs.complete(3, 2, 1, 0.44);
    StateVectorEvolution ev = StateVectorEvolution.of(model);
    StateVector psi = ev.groundState(2.0, 1);
    double[] e = ev.basisEnergies();
    double energy = ev.expectedProblemEnergy(psi);
    double transverse = 0;   // ⟨ψ|−2Σσˣ|ψ⟩ for a real state
    for (int z = 0; z < e.length; z++) {
      for (int q = 0; q < 6; q++) {
        transverse -= 2.0 * psi.re(z) * psi.re(z ^ (1 << q));
      }
    }
    double lowest = TfimSpectrum.of(model).eigenvalues(2.0)[0];
    assertThat(energy + transverse).isCloseTo(lowest, within(1e-4));
  }

  @Test
  void the_solver_returns_samples_drawn_from_the_final_state_with_its_statistics() {
    Ising model = WeakStrongPairs.complete(3, 2, 1, 0.44);
    TfimExactSolver solver = new TfimExactSolver(TfimExactSolver.Config.defaults().withAnnealTime(3).withReads(200));
    TfimExactResult r = solver.run(model, RunControl.defaults());
    SampleSet samples = r.samples();
    assertThat(solver.name()).isEqualTo("tfim-exact");
    assertThat(samples.totalOccurrences()).isEqualTo(200);
    assertThat(samples.bestEnergy()).isEqualTo(-9.68, within(1e-9));
    double fraction = samples.best().occurrences() / 200.0;
    // binomial: 4 standard deviations of a fraction of 200 draws
    double sd = Math.sqrt(r.groundStateProbability() * (1 - r.groundStateProbability()) / 200);
    assertThat(fraction).isCloseTo(r.groundStateProbability(), within(4 * sd + 1e-9));
    assertThat(r.groundStateProbability()).isBetween(0.3, 0.8);
    assertThat(r.expectedEnergy()).isBetween(-9.68, 0.0);
    assertThat(solver.run(model, RunControl.defaults()).samples().samples())
        .isEqualTo(samples.samples());   // seeded
  }

  @Test
  void rejects_models_and_schedules_it_cannot_handle() {
    assertThatThrownBy(() -> StateVectorEvolution.of(Ising.builder(21).build()))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("at most 20");
    assertThatThrownBy(() -> TfimExactSolver.Config.defaults().withField(
        new TransverseFieldConfig(3, 0.1, new FieldSchedule.Adaptive(1.5))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adaptive");
    assertThatThrownBy(() -> new TransverseFieldConfig(Double.NaN, 0, new FieldSchedule.Linear()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Γ₀");
    assertThatThrownBy(() -> new TransverseFieldConfig(1, -0.5, new FieldSchedule.Linear()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Γ_f");
    assertThatThrownBy(() -> new TransverseFieldConfig(Double.POSITIVE_INFINITY, 0, new FieldSchedule.Linear()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldSchedule.parse("cosine")).hasMessageContaining("unknown field schedule");
    assertThat(FieldSchedule.parse("exponential:2")).isEqualTo(new FieldSchedule.Exponential(2));
    assertThat(FieldSchedule.parse("adaptive")).isEqualTo(new FieldSchedule.Adaptive(1.5));
  }
}
