package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.TestInstances;
import io.neuroquantum.annealing.io.DimacsColReader;
import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.SamplingStats;
import io.neuroquantum.annealing.problems.Answer;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.GraphColoring;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.schedules.BetaRange;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelTemperingTest {

  private static MaxCut<Integer> gset(String name) {
    return MaxCut.of(GsetReader.read(TestInstances.open(name), name));
  }

  /** A random model with Gaussian fields and couplings: runs on the scalar kernel. */
  private static Ising randomIsing(int n, double density, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, rnd.nextDouble(-1, 1));
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < density) {
          b.addQuadratic(i, j, rnd.nextDouble(-1, 1));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} → cut {1}")
  @CsvSource({"gset/G11, 564", "gset/G12, 556", "gset/G13, 582"})
  void the_defaults_reach_the_best_known_cuts_of_the_toroidal_gset_graphs(String file, double best) {
    MaxCut<Integer> problem = gset(file);
    TemperingResult r = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(1))
        .run(problem.toIsing(), RunControl.defaults());
    assertThat(problem.cutFromEnergy(r.samples().bestEnergy())).isEqualTo(best);
    assertThat(r.samples().stats().reads()).isEqualTo(64);   // ±J: 64 bit-sliced runs
  }

  @Test
  void the_answer_does_not_depend_on_the_thread_count() {
    Ising packed = gset("gset/G11").toIsing();
    Ising scalar = randomIsing(60, 0.2, 5);
    for (Ising model : new Ising[] {packed, scalar}) {
      ParallelTempering pt = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(9).withSweeps(300)
          .withClusterMoves(true));
      SampleSet one = pt.solve(model, RunControl.defaults().withThreads(1));
      SampleSet two = pt.solve(model, RunControl.defaults().withThreads(2));
      SampleSet three = pt.solve(model, RunControl.defaults().withThreads(3));
      assertThat(two.samples()).isEqualTo(one.samples());
      assertThat(three.samples()).isEqualTo(one.samples());
    }
  }

  @Test
  void statistics_describe_the_run() {
    TemperingResult r = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(2).withTemperatures(16))
        .run(gset("gset/G11").toIsing(), RunControl.defaults());
    TemperingStats s = r.stats();
    assertThat(s.betas()).hasSize(16);
    assertThat(s.swapAcceptance()).hasSize(15);
    for (double a : s.swapAcceptance()) {
      assertThat(a).isBetween(0.0, 1.0);
    }
    assertThat(s.minSwapAcceptance()).isPositive();
    assertThat(s.exchangeRounds()).isEqualTo(ParallelTempering.Config.DEFAULT_SWEEPS / 4);   // interval 4 on ±J
    assertThat(s.roundTrips()).hasSize(16);
    assertThat(s.totalRoundTrips()).isPositive();
    assertThat(s.bestEnergyTrace()).isNotEmpty();
    for (int i = 1; i < s.bestEnergyTrace().size(); i++) {
      assertThat(s.bestEnergyTrace().get(i).energy()).isLessThan(s.bestEnergyTrace().get(i - 1).energy());
      assertThat(s.bestEnergyTrace().get(i).sweep()).isGreaterThanOrEqualTo(s.bestEnergyTrace().get(i - 1).sweep());
    }
    assertThat(s.bestEnergyTrace().getLast().energy()).isEqualTo(r.samples().bestEnergy());
  }

  @Test
  void each_read_is_the_best_state_of_its_run_with_its_energy() {
    Ising model = randomIsing(22, 0.3, 11);
    SampleSet samples = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(4).withSweeps(500).withRuns(6))
        .solve(model);
    assertThat(samples.totalOccurrences()).isEqualTo(6);
    samples.samples().forEach(s -> assertThat(model.energy(s.values())).isCloseTo(s.energy(), within(1e-9)));
    assertThat(samples.bestEnergy()).isEqualTo(new ExactSolver().solve(model).bestEnergy(), within(1e-9));
  }

  @Test
  void swaps_between_equal_temperatures_are_always_accepted() {
    Ising model = randomIsing(30, 0.3, 3);
    TemperingResult r = new ParallelTempering(ParallelTempering.Config.defaults().withSweeps(200).withTemperatures(2)
        .withBetaRange(new BetaRange(1.0, 1.0 + 1e-12))).run(model, RunControl.defaults());
    assertThat(r.stats().swapAcceptance()[0]).isGreaterThan(0.99);
  }

  @Test
  void the_feedback_ladder_moves_temperatures_and_keeps_the_ends() {
    ParallelTempering.Config c = ParallelTempering.Config.defaults().withSeed(3).withLadder(ParallelTempering.Ladder.FEEDBACK);
    Ising model = gset("gset/G12").toIsing();
    TemperingResult feedback = new ParallelTempering(c).run(model, RunControl.defaults());
    TemperingResult geometric = new ParallelTempering(c.withLadder(ParallelTempering.Ladder.GEOMETRIC)).run(model, RunControl.defaults());
    double[] f = feedback.stats().betas();
    double[] g = geometric.stats().betas();
    assertThat(f[0]).isEqualTo(g[0]);
    assertThat(f[f.length - 1]).isEqualTo(g[g.length - 1]);
    assertThat(f).isNotEqualTo(g);
    // the geometric ladder's worst pair is its bottleneck; the feedback ladder widens it
    assertThat(feedback.stats().minSwapAcceptance()).isGreaterThan(geometric.stats().minSwapAcceptance());
  }

  @Test
  void cluster_moves_keep_the_pair_energy_and_are_counted() {
    Ising model = randomIsing(50, 0.06, 8);   // sparse
    CsrIsing csr = CsrIsing.of(model);
    ScalarTemperingKernel kernel = new ScalarTemperingKernel(csr, 1, 2, 5);
    double[] e = new double[2];
    SplittableRandom rnd = new SplittableRandom(1);
    int moved = 0;
    for (int step = 0; step < 200; step++) {
      kernel.sweep(0, 1.5, 1, StopCheck.never());
      kernel.energies(0, e);
      double before = e[0] + e[1];
      moved += kernel.clusterMove(0, 0, rnd.nextLong());
      kernel.energies(0, e);
      assertThat(e[0] + e[1]).isCloseTo(before, within(1e-9));
      assertThat(e[0]).isCloseTo(model.energy(kernel.state(0, 0)), within(1e-9));
      assertThat(e[1]).isCloseTo(model.energy(kernel.state(0, 1)), within(1e-9));
    }
    assertThat(moved).isPositive();

    TemperingResult r = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(2).withSweeps(300)
        .withClusterMoves(true)).run(model, RunControl.defaults());
    assertThat(r.stats().clusterMoves()).isPositive();
    assertThat(r.stats().meanClusterSize()).isBetween(1.0, 50.0);
  }

  @Test
  void packed_cluster_moves_swap_the_pair_where_they_differ() {
    PackedSpinGlass glass = PackedSpinGlass.of(CsrIsing.of(gset("gset/G11").toIsing()));
    PackedTemperingKernel kernel = new PackedTemperingKernel(glass, 1, 3);
    double[] before = new double[64];
    double[] after = new double[64];
    kernel.sweep(0, 2.0, 20, StopCheck.never());
    kernel.energies(0, before);
    int size = kernel.clusterMove(0, 5, 12345);
    kernel.energies(0, after);
    assertThat(size).isPositive();
    assertThat(after[10] + after[11]).isEqualTo(before[10] + before[11]);
    for (int lane = 0; lane < 64; lane++) {
      if (lane != 10 && lane != 11) {
        assertThat(after[lane]).isEqualTo(before[lane]);
      }
    }
  }

  @Test
  void a_target_energy_ends_the_run_early() {
    MaxCut<Integer> problem = gset("gset/G11");
    double target = -1050;   // above the optimum (−1094, cut 564): reached within a few hundred sweeps
    TemperingResult r = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(1).withTargetEnergy(target))
        .run(problem.toIsing(), RunControl.defaults());
    assertThat(r.samples().bestEnergy()).isLessThanOrEqualTo(target);
    assertThat(r.samples().stats().sweeps()).isLessThan(ParallelTempering.Config.DEFAULT_SWEEPS);
  }

  @Test
  void cancellation_keeps_the_best_so_far() {
    CancellationToken token = new CancellationToken();
    RunControl control = RunControl.defaults().withCancellation(token)
        .withProgress(p -> {
          if (p.sweepsDone() >= 100) {
            token.cancel();
          }
        }, Duration.ZERO);
    SampleSet s = new ParallelTempering(ParallelTempering.Config.defaults().withSweeps(1_000_000))
        .solve(gset("gset/G11").toIsing(), control);
    assertThat(s.stats().stopReason()).isEqualTo(SamplingStats.CANCELLED);
    assertThat(s.bestEnergy()).isNegative();
  }

  @Test
  void colours_queen6_6_with_seven_colours() {
    var graph = DimacsColReader.read(TestInstances.open("coloring/queen6_6.col"), "queen6_6");
    EncodedProblem problem = EncodedProblem.coloring(GraphColoring.of(graph, 7));
    SampleSet samples = new ParallelTempering(ParallelTempering.Config.defaults().withSeed(1)).solve(problem.model());
    Answer answer = problem.bestAnswer(samples);
    assertThat(answer.objective().get("conflicts")).isEqualTo(0);
    assertThat(answer.feasible()).isTrue();
  }

  @Test
  void rejects_nonsense_configurations() {
    ParallelTempering.Config d = ParallelTempering.Config.defaults();
    assertThatThrownBy(() -> d.withTemperatures(1)).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> d.withRuns(65)).hasMessageContaining("1..64");
    assertThatThrownBy(() -> d.withSweeps(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> d.withRuns(1).withClusterMoves(true)).hasMessageContaining("pair");
    assertThatThrownBy(() -> d.withTargetEnergy(Double.NaN)).hasMessageContaining("finite");
  }
}
