package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KnapsackTest {

  @Test
  void the_encodings_optimum_is_the_best_packing() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 5; round++) {
      int n = 10;
      double[] v = random.ints(n, 1, 30).asDoubleStream().toArray();
      long[] w = random.longs(n, 1, 12).toArray();
      long capacity = 25;
      double best = -ExactAnswers.minOverSubsets(n, mask -> {
        long weight = 0;
        double value = 0;
        for (int i = 0; i < n; i++) {
          if ((mask >>> i & 1) != 0) {
            weight += w[i];
            value += v[i];
          }
        }
        return weight <= capacity ? -value : 0;
      });
      Knapsack knapsack = Knapsack.of(v, w, capacity);
      assertThat(knapsack.compile().numSlackVariables()).isEqualTo(5);   // 1, 2, 4, 8, 10 sum to 25
      EncodedProblem problem = EncodedProblem.of(knapsack);
      assertThat(ExactAnswers.groundEnergy(problem)).isCloseTo(-best, within(1e-9));
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat((double) a.objective().get("value")).isCloseTo(best, within(1e-9));
        assertThat((long) a.objective().get("weight")).isLessThanOrEqualTo(capacity);
      }
    }
  }

  @Test
  void decoding_drops_the_least_valuable_per_weight_until_it_fits() {
    Knapsack k = Knapsack.of(new double[] {10, 1, 6}, new long[] {5, 5, 3}, 8);
    Knapsack.Packing p = k.decode(new byte[] {1, 1, 1, 0, 0, 0, 0});
    assertThat(p.items()).containsExactly(0, 2);
    assertThat(p.weight()).isEqualTo(8);
    assertThat(p.removed()).isEqualTo(1);
    assertThat(k.decode(ExactAnswers.sample(new byte[] {1, 1, 1, 0, 0, 0, 0})).feasible()).isFalse();
  }

  @Test
  void bad_items_are_refused() {
    assertThatThrownBy(() -> Knapsack.of(new double[] {1}, new long[] {0}, 3)).hasMessageContaining("weights must be ≥ 1");
    assertThatThrownBy(() -> Knapsack.of(new double[] {1, 2}, new long[] {1}, 3)).hasMessageContaining("one of each");
    assertThatThrownBy(() -> Knapsack.of(new double[] {1}, new long[] {1}, -1)).hasMessageContaining("capacity");
  }
}
