package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.SampleSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The multi-spin coded kernel samples the same chains as the scalar one. */
class PackedReplicasTest {

  /**
   * Five spins with degrees 0, 1, 2, 3 and 4 (odd and even), couplings of both signs and magnitude
   * 1.5: every branch of the acceptance logic is exercised.
   */
  static Ising mixedDegrees() {
    return Ising.builder(6)
        .addQuadratic(1, 2, 1.5).addQuadratic(2, 3, -1.5).addQuadratic(3, 4, 1.5).addQuadratic(3, 5, 1.5)
        .addQuadratic(4, 5, -1.5).addQuadratic(2, 4, 1.5).addQuadratic(4, 1, -1.5)
        .build();
  }

  @Test
  void applies_only_to_plus_minus_j_models() {
    assertThat(PackedSpinGlass.of(CsrIsing.of(mixedDegrees()))).isNotNull();
    assertThat(PackedSpinGlass.of(CsrIsing.of(Ising.builder(2).addQuadratic(0, 1, 1).addLinear(0, 1).build()))).isNull();
    assertThat(PackedSpinGlass.of(CsrIsing.of(Ising.builder(3).addQuadratic(0, 1, 1).addQuadratic(1, 2, 2).build())))
        .isNull();
  }

  /**
   * States and their global flip have equal energy but are slow to mix at low temperature (for any
   * Metropolis kernel), so the comparison is per pair {s, −s}.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.3, 0.8, 1.2})
  void every_lane_samples_the_boltzmann_distribution(double beta) {
    Ising model = mixedDegrees();
    int n = model.numVariables();
    double[] exact = new double[1 << n];
    for (int m = 0; m < exact.length; m++) {
      exact[orbit(m, n)] += Math.exp(-beta * model.energy(spins(m, n)));
    }
    double z = 0;
    for (double w : exact) {
      z += w;
    }
    PackedReplicas replicas = new PackedReplicas(PackedSpinGlass.of(CsrIsing.of(model)), 3);
    long[] counts = new long[exact.length];
    int sweeps = 20_000;
    for (int t = 0; t < 200; t++) {
      replicas.sweep(beta, StopCheck.never());   // equilibrate
    }
    for (int t = 0; t < sweeps; t++) {
      replicas.sweep(beta, StopCheck.never());
      for (int lane = 0; lane < PackedReplicas.LANES; lane += 3) {
        counts[orbit(index(replicas.state(lane)), n)]++;
      }
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    for (int m = 0; m < exact.length; m++) {
      if (exact[m] == 0) {
        continue;   // the larger index of a pair
      }
      double p = exact[m] / z;
      double observed = (double) counts[m] / total;
      double sigma = Math.sqrt(p * (1 - p) / total) * 6;   // sweeps are correlated: widen
      assertThat(observed).as("state %d at beta %s", m, beta).isCloseTo(p, Offset.offset(5 * sigma + 1e-4));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.02, 0.2, 0.6, 3.0})
  void acceptance_rate_matches_the_scalar_kernel(double beta) {
    Ising model = SimulatedAnnealingTest.torusSpinGlass(24, 2);
    SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSweeps(400).withReads(64)
        .withBetaRange(new io.neuroquantum.annealing.schedules.BetaRange(beta, beta));
    SampleSet packed = new SimulatedAnnealing(c).solve(model, RunControl.defaults().withThreads(1));
    SampleSet scalar = new SimulatedAnnealing(c.withKernel(SimulatedAnnealing.Kernel.SCALAR))
        .solve(model, RunControl.defaults().withThreads(1));
    assertThat(packed.stats().spinUpdateAttempts()).isEqualTo(scalar.stats().spinUpdateAttempts());
    assertThat(packed.stats().acceptanceRate()).isCloseTo(scalar.stats().acceptanceRate(), Offset.offset(0.003));
  }

  @Test
  void lane_energies_match_the_model_and_best_states_are_kept() {
    Ising model = SimulatedAnnealingTest.torusSpinGlass(9, 4);
    PackedReplicas replicas = new PackedReplicas(PackedSpinGlass.of(CsrIsing.of(model)), 8);
    for (int t = 0; t < 50; t++) {
      replicas.sweep(0.4, StopCheck.never());
      replicas.recordBest();
      double[] energies = replicas.energies();
      for (int lane = 0; lane < PackedReplicas.LANES; lane++) {
        assertThat(energies[lane]).isEqualTo(model.energy(replicas.state(lane)));
      }
    }
    for (int lane = 0; lane < PackedReplicas.LANES; lane++) {
      assertThat(model.energy(replicas.bestState(lane))).isEqualTo(replicas.bestEnergy(lane));
    }
  }

  @Test
  void reads_are_independent_of_threads_and_of_how_many_lanes_are_reported() {
    Ising model = SimulatedAnnealingTest.torusSpinGlass(10, 7);
    SimulatedAnnealing.Config c = SimulatedAnnealing.Config.defaults().withSweeps(100).withSeed(5);
    SampleSet all = new SimulatedAnnealing(c.withReads(130)).solve(model, RunControl.defaults().withThreads(1));
    SampleSet parallel = new SimulatedAnnealing(c.withReads(130)).solve(model, RunControl.defaults().withThreads(3));
    assertThat(all.samples()).isEqualTo(parallel.samples());
    assertThat(all.totalOccurrences()).isEqualTo(130);
  }

  /** The smaller of a state's index and its global flip's. */
  private static int orbit(int mask, int n) {
    return Math.min(mask, ~mask & ((1 << n) - 1));
  }

  private static byte[] spins(int mask, int n) {
    byte[] s = new byte[n];
    for (int i = 0; i < n; i++) {
      s[i] = (byte) ((mask >>> i & 1) != 0 ? 1 : -1);
    }
    return s;
  }

  private static int index(byte[] s) {
    int m = 0;
    for (int i = 0; i < s.length; i++) {
      if (s[i] > 0) {
        m |= 1 << i;
      }
    }
    return m;
  }
}
