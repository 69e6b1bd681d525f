package io.neuroquantum.annealing.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.quantum.TransverseFieldConfig;
import io.neuroquantum.annealing.solvers.RunControl;
import org.junit.jupiter.api.Test;

/** Each knob of {@link AdvancedAnnealingConfig} changes what it claims to, and nothing else. */
class AdvancedAnnealingTest {

  private static Ising biqmac() {
    return MaxCut.of(GsetReader.read(TestInstances.open("biqmac/rudy/g05_60.0"), "g05_60.0")).toIsing();
  }

  /** The 2-D Ising ferromagnet on an L×L torus: a phase transition at β_c = ln(1 + √2)/2 ≈ 0.4407. */
  private static Ising ferromagnet(int l) {
    Ising.Builder b = Ising.builder(l * l);
    for (int y = 0; y < l; y++) {
      for (int x = 0; x < l; x++) {
        int i = y * l + x;
        b.addQuadratic(i, y * l + (x + 1) % l, -1);
        b.addQuadratic(i, ((y + 1) % l) * l + x, -1);
      }
    }
    return b.build();
  }

  @Test
  void tunnelling_strength_sets_the_initial_transverse_field_in_units_of_the_problem_scale() {
    Ising model = biqmac();
    double eps = TransverseFieldConfig.typicalLocalField(model);
    AdvancedAnnealing.Report quantum = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withBudget(200, 4)
        .withTunnelling(2.5, 0)).run(model, RunControl.defaults());
    assertThat(quantum.kernel()).isEqualTo("sqa");
    assertThat(quantum.gamma0()).isCloseTo(2.5 * eps, within(1e-12));
    AdvancedAnnealing.Report classical = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withBudget(200, 4))
        .run(model, RunControl.defaults());
    assertThat(classical.kernel()).isEqualTo("sa");
    assertThat(classical.gamma0()).isZero();
  }

  @Test
  void coherence_time_splits_a_quantum_run_into_restarts() {
    AdvancedAnnealing.Report r = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withBudget(1000, 3)
        .withTunnelling(1.0, 250)).run(biqmac(), RunControl.defaults());
    assertThat(r.annealsPerRun()).isEqualTo(4);
    assertThat(r.samples().totalOccurrences()).isEqualTo(4 * 3);   // 4 anneals × 3 reads, one run
    AdvancedAnnealing.Report whole = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withBudget(1000, 3)
        .withTunnelling(1.0, 0)).run(biqmac(), RunControl.defaults());
    assertThat(whole.annealsPerRun()).isEqualTo(1);
  }

  @Test
  void adaptive_cooling_slows_down_at_the_phase_transition() {
    AdvancedAnnealing.Report r = new AdvancedAnnealing(AdvancedAnnealingConfig.defaults().withBudget(2000, 1)
        .withAdaptiveCooling(true)).run(ferromagnet(24), RunControl.defaults());
    assertThat(r.kernel()).isEqualTo("sa-adaptive");
    double[] betas = r.coolingSchedule();
    assertThat(betas).hasSize(AdvancedAnnealing.COOLING_BLOCKS);
    // the smallest relative step sits near β_c, the largest far from it
    int slowest = 1;
    for (int b = 1; b + 1 < betas.length && betas[b + 1] > betas[b]; b++) {
      if (betas[b + 1] / betas[b] < betas[slowest + 1] / betas[slowest]) {
        slowest = b;
      }
    }
    assertThat(betas[slowest]).isBetween(0.33, 0.55);
    double geometricRatio = Math.pow(betas[betas.length - 1] / betas[0], 1.0 / (betas.length - 1));
    assertThat(betas[slowest + 1] / betas[slowest]).isLessThan(geometricRatio);
    assertThat(r.samples().bestEnergy()).isEqualTo(-2.0 * 24 * 24);   // the ordered state
  }

  @Test
  void convergence_stops_starting_runs_after_a_window_without_improvement() {
    AdvancedAnnealingConfig c = AdvancedAnnealingConfig.defaults().withBudget(300, 2).withStarts(20, 1);
    AdvancedAnnealing.Report all = new AdvancedAnnealing(c).run(biqmac(), RunControl.defaults());
    assertThat(all.runs()).isEqualTo(20);
    assertThat(all.converged()).isFalse();
    // no run can improve by more than 1e9: the first run sets the best, three more end the search
    AdvancedAnnealing.Report early = new AdvancedAnnealing(c.withConvergence(1e9, 3)).run(biqmac(), RunControl.defaults());
    assertThat(early.runs()).isEqualTo(4);
    assertThat(early.converged()).isTrue();
    assertThat(early.bestAfterRun()).hasSize(4);
  }

  @Test
  void starts_and_parallel_runs_multiply_the_reads_and_do_not_depend_on_threads() {
    AdvancedAnnealingConfig c = AdvancedAnnealingConfig.defaults().withBudget(200, 2).withStarts(3, 4).withSeed(5);
    AdvancedAnnealing.Report one = new AdvancedAnnealing(c).run(biqmac(), RunControl.defaults().withThreads(1));
    AdvancedAnnealing.Report two = new AdvancedAnnealing(c).run(biqmac(), RunControl.defaults().withThreads(2));
    assertThat(one.runs()).isEqualTo(12);
    assertThat(one.samples().totalOccurrences()).isEqualTo(3 * 4 * 2);
    assertThat(two.samples().samples()).isEqualTo(one.samples().samples());
    assertThat(two.bestAfterRun()).isEqualTo(one.bestAfterRun());
  }

  @Test
  void rejects_knobs_that_do_not_apply() {
    AdvancedAnnealingConfig d = AdvancedAnnealingConfig.defaults();
    assertThatThrownBy(() -> d.withTunnelling(0, 100)).hasMessageContaining("coherence time needs");
    assertThatThrownBy(() -> d.withTunnelling(1, 0).withAdaptiveCooling(true)).hasMessageContaining("classical");
    assertThatThrownBy(() -> d.withTunnelling(-1, 0)).hasMessageContaining("≥ 0");
    assertThatThrownBy(() -> d.withConvergence(Double.NaN, 2)).hasMessageContaining("finite");
    assertThatThrownBy(() -> d.withStarts(0, 1)).hasMessageContaining("≥ 1");
  }
}
