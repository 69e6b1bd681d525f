package io.neuroquantum.annealing.hubo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuroquantum.annealing.solvers.ExactSolver;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HuboReductionTest {

  /** A random HUBO over n variables with terms of degree 1 to 4 and coefficients in [−5, 5). */
  private static Hubo random(SplittableRandom rnd, int n, int terms) {
    Hubo.Builder b = Hubo.builder(n).add(rnd.nextDouble(-2, 2));
    for (int t = 0; t < terms; t++) {
      int degree = 1 + rnd.nextInt(4);
      int[] vars = rnd.ints(degree, 0, n).toArray();
      b.add(rnd.nextDouble(-5, 5), vars);
    }
    return b.build();
  }

  private static byte[] bits(long mask, int n) {
    byte[] x = new byte[n];
    for (int i = 0; i < n; i++) {
      x[i] = (byte) (mask >>> i & 1);
    }
    return x;
  }

  @Test
  void for_every_assignment_the_minimum_over_auxiliaries_is_the_hubo_energy_reached_only_at_the_products() {
    SplittableRandom rnd = new SplittableRandom(16);
    int checked = 0;
    for (int round = 0; round < 25; round++) {
      int n = 4 + rnd.nextInt(3);
      Hubo h = random(rnd, n, 4 + rnd.nextInt(6));
      ReducedHubo r = HuboReduction.reduce(h);
      assertThat(r.qubo().numVariables()).isEqualTo(n + r.numAuxiliary());
      int aux = r.numAuxiliary();
      if (h.degree() > 2) {
        assertThat(aux).isPositive();
        checked++;
      }
      for (long m = 0; m < 1L << n; m++) {
        byte[] x = bits(m, n);
        double hubo = h.energy(x);
        byte[] right = r.extend(x);
        assertThat(r.qubo().energy(right)).isCloseTo(hubo, within(1e-9));
        for (long a = 0; a < 1L << aux; a++) {
          byte[] full = new byte[n + aux];
          System.arraycopy(x, 0, full, 0, n);
          System.arraycopy(bits(a, aux), 0, full, n, aux);
          if (!java.util.Arrays.equals(full, right)) {
            assertThat(r.qubo().energy(full)).as("round %d x %s aux %s", round, m, a).isGreaterThan(hubo + 1e-9);
            assertThat(r.isConsistent(full)).isFalse();
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(15);
  }

  @Test
  void the_reduced_ground_state_is_the_hubo_ground_state() {
    SplittableRandom rnd = new SplittableRandom(3);
    Hubo h = random(rnd, 8, 14);
    double best = Double.POSITIVE_INFINITY;
    for (long m = 0; m < 1 << 8; m++) {
      best = Math.min(best, h.energy(bits(m, 8)));
    }
    ReducedHubo r = HuboReduction.reduce(h);
    var ground = new ExactSolver().solve(r.qubo());
    assertThat(ground.bestEnergy()).isCloseTo(best, within(1e-9));
    byte[] sample = ground.best().values();
    assertThat(r.isConsistent(sample)).isTrue();
    assertThat(h.energy(r.original(sample))).isCloseTo(best, within(1e-9));
  }

  @Test
  void shared_pairs_are_substituted_once() {
    // x0x1x2 and x0x1x3 share (0, 1): one auxiliary makes both quadratic
    Hubo h = Hubo.builder(4).add(1, 0, 1, 2).add(-2, 0, 1, 3).add(3, 2, 2).build();
    ReducedHubo r = HuboReduction.reduce(h);
    assertThat(r.numAuxiliary()).isEqualTo(1);
    assertThat(r.pairs().get(0)).containsExactly(0, 1);
    assertThat(r.penalty()).isCloseTo(1.1 * 3, within(1e-12));
    assertThat(h.terms()).hasSize(3);   // x2·x2 is x2
  }

  @Test
  void bad_terms_are_refused() {
    assertThatThrownBy(() -> Hubo.builder(3).add(1, 0, 3)).hasMessageContaining("variable 3 out of range");
    assertThatThrownBy(() -> Hubo.builder(3).add(Double.NaN, 0)).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> Hubo.builder(2).build().energy(new byte[3])).hasMessageContaining("3 values");
  }
}
