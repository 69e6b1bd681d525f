package io.neuroquantum.annealing.quantum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.solvers.CancellationToken;
import io.neuroquantum.annealing.solvers.CsrIsing;
import io.neuroquantum.annealing.solvers.ExactSolver;
import io.neuroquantum.annealing.solvers.RunControl;
import io.neuroquantum.annealing.solvers.StopCheck;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Simulated quantum annealing as a solver: known optima, seeding, stopping, options. */
class SqaSolverTest {

  private static SimulatedQuantumAnnealing sqa() {
    return new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults().withSeed(1));
  }

  /** With its defaults (M = 32, 1000 sweeps, 16 reads) SQA reaches the listed Biq Mac optima. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "rudy/g05_100.0, 1430", "rudy/pm1s_100.0, 127", "rudy/w05_100.0, 1646", "rudy/pw05_100.0, 8190",
      "ising/t2g10_5555, 6049461", "ising/t3g5_5555, 10933215"})
  void reaches_the_listed_max_cut(String file, double optimum) {
    MaxCut<Integer> problem = MaxCut.of(GsetReader.read(TestInstances.open("biqmac/" + file), file));
    double energy = sqa().solve(problem.toIsing()).bestEnergy();
    assertThat(problem.cutFromEnergy(energy)).isEqualTo(optimum);
  }

  /** The toroidal G-set graphs (800 spins, ±1 couplings) with the defaults too. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"G11, 564", "G12, 556", "G13, 582"})
  void reaches_the_best_known_cuts_of_the_toroidal_gset_graphs(String name, double best) {
    MaxCut<Integer> problem = MaxCut.of(GsetReader.read(TestInstances.open("gset/" + name), name));
    assertThat(problem.cutFromEnergy(sqa().solve(problem.toIsing()).bestEnergy())).isEqualTo(best);
  }

  @Test
  void finds_the_ground_state_of_a_weak_strong_cluster_pair() {
    Ising pair = WeakStrongPairs.complete(4, 2, 1, 0.44);
    double ground = new ExactSolver().solve(pair).bestEnergy();
    assertThat(sqa().solve(pair).bestEnergy()).isEqualTo(ground);
  }

  @Test
  void the_answer_does_not_depend_on_the_thread_count() {
    Ising model = randomModel(40, 7);
    SampleSet one = sqa().solve(model, RunControl.defaults().withThreads(1));
    SampleSet two = sqa().solve(model, RunControl.defaults().withThreads(2));
    assertThat(two.samples()).isEqualTo(one.samples());
  }

  @Test
  void reports_spin_slice_updates_and_returns_all_slices_on_request() {
    Ising model = randomModel(20, 3);
    SimulatedQuantumAnnealing all = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults()
        .withSweeps(50).withReads(3).withSlices(8).withAllSlices(true));
    SampleSet result = all.solve(model);
    assertThat(result.totalOccurrences()).isEqualTo(3 * 8);
    SamplingStats stats = result.stats();
    // local proposals n·M per sweep plus worldline proposals counted M each
    assertThat(stats.spinUpdateAttempts()).isEqualTo(3L * 50 * 20 * 8 * 2);
    assertThat(stats.nsPerSpinUpdate()).isPositive();
    assertThat(stats.sweeps()).isEqualTo(50);
  }

  @Test
  void qubo_models_come_back_as_qubo_samples_with_their_energies() {
    Qubo qubo = randomModel(12, 5).toQubo();
    SampleSet result = sqa().solve(qubo);
    assertThat(result.varType()).isEqualTo(VarType.BINARY);
    assertThat(result.bestEnergy()).isEqualTo(new ExactSolver().solve(qubo).bestEnergy(),
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(qubo.energy(result.best().values())).isEqualTo(result.bestEnergy());
  }

  @Test
  void a_time_limit_or_cancellation_stops_within_a_sweep_and_keeps_the_best() {
    Ising model = randomModel(300, 11);
    SimulatedQuantumAnnealing long_ = new SimulatedQuantumAnnealing(SimulatedQuantumAnnealing.Config.defaults()
        .withSweeps(1_000_000).withReads(2));
    SampleSet limited = long_.solve(model, RunControl.defaults().withTimeLimit(Duration.ofMillis(200)));
    assertThat(limited.stats().stopReason()).isEqualTo(SamplingStats.TIME_LIMIT);
    assertThat(limited.stats().sweeps()).isLessThan(1_000_000);
    assertThat(limited.bestEnergy()).isFinite();

    CancellationToken token = new CancellationToken();
    SampleSet cancelled = long_.solve(model, RunControl.defaults().withCancellation(token)
        .withProgress(p -> token.cancel(), Duration.ZERO));
    assertThat(cancelled.stats().stopReason()).isEqualTo(SamplingStats.CANCELLED);
  }

  @Test
  void the_adaptive_schedule_slows_where_the_susceptibility_peaks_and_still_ends_at_the_final_field() {
    TransverseFieldConfig field = new TransverseFieldConfig(6, 0.05, new FieldSchedule.Adaptive(1.5));
    AdaptiveFieldControl control = new AdaptiveFieldControl(field, 1000);
    TrotterReplica replica = new TrotterReplica(CsrIsing.of(WeakStrongPairs.complete(4, 2, 1, 0.44)), 16, 9);
    double last = 0;
    for (int t = 0; t < 1000; t++) {
      last = control.field(t);
      replica.sweep(4, last, true, StopCheck.never());
      control.observe(t, replica.transverseMagnetisation(4, last) / 8);
    }
    assertThat(last).isEqualTo(0.05);
    assertThat(control.slowedBlocks()).isBetween(1, 99);
  }

  @Test
  void rejects_bad_parameters() {
    assertThatThrownBy(() -> SimulatedQuantumAnnealing.Config.defaults().withSlices(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 Trotter slices");
    assertThatThrownBy(() -> SimulatedQuantumAnnealing.Config.defaults()
        .withField(new TransverseFieldConfig(3, 0, new FieldSchedule.Linear())))
        .hasMessageContaining("Γ_f > 0");
    assertThatThrownBy(() -> SimulatedQuantumAnnealing.Config.defaults().withBeta(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransverseFieldConfig(-1, 0, new FieldSchedule.Linear()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FieldSchedule.Exponential(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    TrotterReplica r = new TrotterReplica(CsrIsing.of(randomModel(4, 1)), 4, 1);
    assertThatThrownBy(() -> r.sweep(1, 0, true, StopCheck.never())).hasMessageContaining("Γ > 0");
  }

  static Ising randomModel(int n, long seed) {
    Random rnd = new Random(seed);
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, rnd.nextInt(3) - 1);
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < 0.3) {
          b.addQuadratic(i, j, rnd.nextBoolean() ? 1 : -1);
        }
      }
    }
    return b.build();
  }

}
