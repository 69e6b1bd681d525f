package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumberPartitioningTest {

  @Test
  void the_ising_ground_energy_is_the_squared_smallest_difference() {
    SplittableRandom random = new SplittableRandom(4);
    for (int round = 0; round < 4; round++) {
      double[] a = random.ints(16, 1, 200).asDoubleStream().toArray();
      double best = ExactAnswers.minOverSubsets(a.length, mask -> {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
          d += (mask >>> i & 1) != 0 ? a[i] : -a[i];
        }
        return Math.abs(d);
      });
      EncodedProblem problem = EncodedProblem.of(NumberPartitioning.of(a));
      assertThat(ExactAnswers.groundEnergy(problem)).isCloseTo(best * best, within(1e-6));
      for (Answer answer : ExactAnswers.groundAnswers(problem)) {
        assertThat((double) answer.objective().get("difference")).isCloseTo(best, within(1e-9));
      }
    }
  }

  @Test
  void a_perfect_split_has_energy_zero() {
    NumberPartitioning p = NumberPartitioning.of(3, 1, 1, 2, 2, 1);
    assertThat(ExactAnswers.groundEnergy(EncodedProblem.of(p))).isCloseTo(0, within(1e-9));
    assertThat(p.difference(new int[] {1, 1, 1, 0, 0, 0})).isZero();   // 3+1+1 = 2+2+1
    assertThatThrownBy(() -> NumberPartitioning.of(1)).hasMessageContaining("at least 2");
  }
}
