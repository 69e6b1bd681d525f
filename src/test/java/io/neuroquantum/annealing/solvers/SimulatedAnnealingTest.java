package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.model.VarType;
import io.neuroquantum.annealing.schedules.BetaRange;
import io.neuroquantum.annealing.schedules.BetaSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SimulatedAnnealingTest {

  /** A 2-D ±1 spin glass on an L×L torus: many local minima, integer couplings. */
  static Ising torusSpinGlass(int side, long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    Ising.Builder b = Ising.builder(side * side);
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        int i = r * side + c;
        b.addQuadratic(i, r * side + (c + 1) % side, rnd.nextBoolean() ? 1 : -1);
        b.addQuadratic(i, ((r + 1) % side) * side + c, rnd.nextBoolean() ? 1 : -1);
      }
    }
    return b.build();
  }

  @Test
  void reaches_the_exact_ground_state_of_small_random_models() {
    for (long seed = 1; seed <= 10; seed++) {
      Ising model = ExactSolverTest.randomIsing(seed, 16);
      double exact = new ExactSolver().solve(model).bestEnergy();
      SampleSet sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(1000).withSeed(seed))
          .solve(model);
      assertThat(sa.bestEnergy()).isCloseTo(exact, Offset.offset(1e-9));
    }
  }

  @Test
  void the_answer_does_not_depend_on_the_thread_count() {
    Ising model = torusSpinGlass(12, 5);
    SimulatedAnnealing sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(200).withReads(7)
        .withSeed(42));
    SampleSet one = sa.solve(model, RunControl.defaults().withThreads(1));
    SampleSet three = sa.solve(model, RunControl.defaults().withThreads(3));
    assertThat(one.samples()).hasSameSizeAs(three.samples());
    for (int k = 0; k < one.samples().size(); k++) {
      assertThat(one.samples().get(k)).isEqualTo(three.samples().get(k));
    }
    // ±1 couplings run on the packed kernel: 7 reads occupy one word of 64 lanes, all of them simulated
    assertThat(one.stats().spinUpdateAttempts()).isEqualTo(three.stats().spinUpdateAttempts()).isEqualTo(64L * 200 * 144);
    SimulatedAnnealing scalar = new SimulatedAnnealing(sa.config().withKernel(SimulatedAnnealing.Kernel.SCALAR));
    SampleSet scalarOne = scalar.solve(model, RunControl.defaults().withThreads(1));
    SampleSet scalarThree = scalar.solve(model, RunControl.defaults().withThreads(3));
    assertThat(scalarOne.samples()).isEqualTo(scalarThree.samples());
    assertThat(scalarOne.stats().spinUpdateAttempts()).isEqualTo(7L * 200 * 144);
  }

  @Test
  void different_seeds_give_different_runs() {
    Ising model = torusSpinGlass(16, 1);
    SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSweeps(10).withReads(1);
    Sample a = new SimulatedAnnealing(c.withSeed(1)).solve(model).best();
    Sample b = new SimulatedAnnealing(c.withSeed(2)).solve(model).best();
    assertThat(a.values()).isNotEqualTo(b.values());
  }

  @Test
  void returns_the_model_vartype_with_energies_of_the_model() {
    Qubo qubo = ExactSolverTest.randomIsing(3, 12).toQubo();
    SampleSet result = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(300).withReads(5))
        .solve(qubo);
    assertThat(result.varType()).isEqualTo(VarType.BINARY);
    for (Sample s : result.samples()) {
      assertThat(qubo.energy(s.values())).isEqualTo(s.energy());
    }
    assertThat(result.totalOccurrences()).isEqualTo(5);
  }

  @Test
  void real_valued_models_use_the_floating_point_kernel_and_still_anneal() {
    Ising model = ExactSolverTest.randomIsing(11, 20);
    assertThat(CsrIsing.of(model).isIntegral()).isFalse();
    assertThat(CsrIsing.of(torusSpinGlass(4, 1)).isIntegral()).isTrue();
    double exact = new ExactSolver().solve(model).bestEnergy();
    assertThat(new SimulatedAnnealing().solve(model).bestEnergy()).isCloseTo(exact, Offset.offset(1e-9));
  }

  @Test
  void a_time_limit_stops_inside_the_schedule_and_keeps_the_best_so_far() {
    Ising model = torusSpinGlass(200, 3);   // 40 000 spins
    SimulatedAnnealing sa = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(1_000_000).withReads(2));
    SampleSet result = sa.solve(model, RunControl.defaults().withTimeLimit(Duration.ofMillis(300)));
    assertThat(result.stats().stopReason()).isEqualTo(SamplingStats.TIME_LIMIT);
    assertThat(result.stats().sweeps()).isLessThan(1_000_000);
    assertThat(result.totalOccurrences()).isEqualTo(2);
    assertThat(model.energy(result.best().values())).isEqualTo(result.bestEnergy());
  }

  @Test
  void cancellation_from_a_progress_listener_stops_the_solve() {
    Ising model = torusSpinGlass(100, 4);
    CancellationToken token = new CancellationToken();
    List<Progress> seen = new ArrayList<>();
    RunControl control = RunControl.defaults().withThreads(2).withCancellation(token)
        .withProgress(p -> {
          seen.add(p);
          token.cancel();
        }, Duration.ZERO);
    SampleSet result = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(1_000_000).withReads(4))
        .solve(model, control);
    assertThat(result.stats().stopReason()).isEqualTo(SamplingStats.CANCELLED);
    assertThat(seen).isNotEmpty();
    assertThat(result.stats().sweeps()).isLessThan(1_000_000);
  }

  @Test
  void progress_reports_sweeps_and_a_falling_best_energy() {
    Ising model = torusSpinGlass(20, 6);
    List<Progress> seen = new ArrayList<>();
    RunControl control = RunControl.defaults().withThreads(1).withProgress(seen::add, Duration.ZERO);
    SampleSet result = new SimulatedAnnealing(SimulatedAnnealing.Config.defaults().withSweeps(500).withReads(2))
        .solve(model, control);
    assertThat(seen.size()).isGreaterThan(10);
    Progress last = seen.get(seen.size() - 1);
    assertThat(last.sweepsDone()).isEqualTo(1000);
    assertThat(last.totalSweeps()).isEqualTo(1000);
    assertThat(last.bestEnergy()).isEqualTo(result.bestEnergy());
    for (int k = 1; k < seen.size(); k++) {
      assertThat(seen.get(k).bestEnergy()).isLessThanOrEqualTo(seen.get(k - 1).bestEnergy());
      assertThat(seen.get(k).sweepsDone()).isGreaterThanOrEqualTo(seen.get(k - 1).sweepsDone());
    }
  }

  @Test
  void the_best_state_seen_is_kept_even_when_the_run_ends_higher() {
    // A hot constant schedule: the final state is random, the best seen along the way is lower.
    Ising model = torusSpinGlass(10, 8);
    CsrIsing csr = CsrIsing.of(model);
    SpinReplica replica = new SpinReplica(csr, 9);
    for (int k = 0; k < 200; k++) {
      replica.sweep(0.3, StopCheck.never());
      replica.recordIfBest();
    }
    assertThat(replica.bestEnergy()).isLessThan(replica.energy());
    assertThat(model.energy(replica.bestSpins())).isEqualTo(replica.bestEnergy());
    assertThat(model.energy(replica.spins())).isEqualTo(replica.energy());
  }

  @Test
  void the_kernel_samples_the_boltzmann_distribution_of_a_small_model() {
    // Three spins, all 8 states: long runs at fixed β visit each state with probability ∝ exp(−βE).
    Ising model = Ising.builder(3).addLinear(0, 0.5).addQuadratic(0, 1, -1).addQuadratic(1, 2, 0.5).build();
    double beta = 0.7;
    double[] exact = new double[8];
    double z = 0;
    for (int m = 0; m < 8; m++) {
      exact[m] = Math.exp(-beta * model.energy(spins(m)));
      z += exact[m];
    }
    long[] counts = new long[8];
    SpinReplica replica = new SpinReplica(CsrIsing.of(model), 17);
    int samples = 400_000;
    for (int t = 0; t < samples; t++) {
      replica.sweep(beta, StopCheck.never());
      byte[] s = replica.spins();
      counts[(s[0] > 0 ? 1 : 0) | (s[1] > 0 ? 2 : 0) | (s[2] > 0 ? 4 : 0)]++;
    }
    for (int m = 0; m < 8; m++) {
      double p = exact[m] / z;
      double sigma = Math.sqrt(p * (1 - p) / samples) * 10;   // generous: sweeps are correlated
      assertThat((double) counts[m] / samples).as("state %d", m).isCloseTo(p, Offset.offset(5 * sigma));
    }
  }

  private static byte[] spins(int mask) {
    return new byte[] {(byte) ((mask & 1) != 0 ? 1 : -1), (byte) ((mask & 2) != 0 ? 1 : -1),
        (byte) ((mask & 4) != 0 ? 1 : -1)};
  }

  @Test
  void default_beta_range_follows_dwave_samplers() {
    // Ring of 4 with J = 1 and one h = 0.5: max field 2.5, smallest bias 0.5 (one spin).
    Ising.Builder b = Ising.builder(4).addLinear(0, 0.5);
    for (int i = 0; i < 4; i++) {
      b.addQuadratic(i, (i + 1) % 4, 1);
    }
    BetaRange range = BetaRange.defaultFor(b.build());
    assertThat(range.hot()).isCloseTo(Math.log(2) / (2 * 2.5), Offset.offset(1e-12));
    assertThat(range.cold()).isCloseTo(Math.log(1 / 0.01) / (2 * 0.5), Offset.offset(1e-12));
    double[] betas = BetaSchedule.geometric(range).betas(5);
    assertThat(betas[0]).isEqualTo(range.hot());
    assertThat(betas[4]).isEqualTo(range.cold());
    assertThat(betas[2]).isCloseTo(Math.sqrt(range.hot() * range.cold()), Offset.offset(1e-12));
    assertThat(BetaSchedule.linear(range).betas(3)[1]).isCloseTo((range.hot() + range.cold()) / 2, Offset.offset(1e-12));
  }

  @Test
  void fields_stay_in_sync_with_a_full_recomputation() {
    Ising model = ExactSolverTest.randomIsing(21, 40);
    SpinReplica replica = new SpinReplica(CsrIsing.of(model), 5);
    AtomicReference<Double> tracked = new AtomicReference<>();
    for (int k = 0; k < 500; k++) {
      replica.sweep(0.5 + k * 0.01, StopCheck.never());
    }
    tracked.set(replica.energy());
    assertThat(tracked.get()).isCloseTo(model.energy(replica.spins()), Offset.offset(1e-9));
  }
}
