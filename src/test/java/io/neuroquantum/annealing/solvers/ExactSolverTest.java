package io.neuroquantum.annealing.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuroquantum.annealing.model.Ising;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.model.Sample;
import io.neuroquantum.annealing.model.SampleSet;
import io.neuroquantum.annealing.model.VarType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactSolverTest {

  static Ising randomIsing(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Ising.Builder b = Ising.builder(n);
    for (int i = 0; i < n; i++) {
      b.addLinear(i, rnd.nextDouble(-1, 1));
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextDouble() < 0.4) {
          b.addQuadratic(i, j, rnd.nextDouble(-1, 1));
        }
      }
    }
    return b.build();
  }

  /** Plain enumeration, independent of the Gray-code bookkeeping. */
  static double bruteForceMinimum(Ising model) {
    int n = model.numVariables();
    double min = Double.POSITIVE_INFINITY;
    byte[] s = new byte[n];
    for (long m = 0; m < 1L << n; m++) {
      for (int i = 0; i < n; i++) {
        s[i] = (byte) ((m >>> i & 1) == 1 ? 1 : -1);
      }
      min = Math.min(min, model.energy(s));
    }
    return min;
  }

  @Test
  void finds_the_brute_force_minimum_of_random_models() {
    for (long seed = 1; seed <= 20; seed++) {
      Ising model = randomIsing(seed, 4 + (int) (seed % 11));
      SampleSet result = new ExactSolver().solve(model, RunControl.defaults().withThreads(2));
      assertThat(result.bestEnergy()).isCloseTo(bruteForceMinimum(model), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(model.energy(result.best().values())).isEqualTo(result.bestEnergy());
    }
  }

  @Test
  void returns_every_degenerate_ground_state() {
    // A ferromagnetic ring has exactly two ground states: all up and all down.
    Ising.Builder b = Ising.builder(8);
    for (int i = 0; i < 8; i++) {
      b.addQuadratic(i, (i + 1) % 8, -1);
    }
    SampleSet result = new ExactSolver().solve(b.build());
    assertThat(result.samples()).hasSize(2);
    assertThat(result.samples()).allSatisfy(s -> assertThat(s.energy()).isEqualTo(-8));
    assertThat(result.samples().get(0).values()).containsOnly(-1);
    assertThat(result.samples().get(1).values()).containsOnly(1);
  }

  @Test
  void answers_qubos_in_binary_and_does_not_depend_on_threads() {
    Qubo qubo = randomIsing(99, 18).toQubo();
    SampleSet one = new ExactSolver().solve(qubo, RunControl.defaults().withThreads(1));
    SampleSet two = new ExactSolver().solve(qubo, RunControl.defaults().withThreads(2));
    assertThat(one.varType()).isEqualTo(VarType.BINARY);
    assertThat(one.samples()).extracting(Sample::energy).isEqualTo(two.samples().stream().map(Sample::energy).toList());
    assertThat(one.best().values()).isEqualTo(two.best().values());
    assertThat(one.stats().spinUpdateAttempts()).isEqualTo(1L << 18);
  }

  @Test
  void refuses_models_over_its_limit() {
    assertThatThrownBy(() -> new ExactSolver(10, 4).solve(randomIsing(1, 11)))
        .hasMessageContaining("n = 11 is over its limit of 10");
  }
}
