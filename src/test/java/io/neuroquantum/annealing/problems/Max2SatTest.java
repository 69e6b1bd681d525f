package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Max2SatTest {

  @Test
  void the_energy_is_the_unsatisfied_weight_and_its_minimum_the_true_one() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 4; round++) {
      int n = 14;
      int[][] clauses = new int[60][];
      double[] weights = new double[clauses.length];
      for (int c = 0; c < clauses.length; c++) {
        int len = random.nextInt(5) == 0 ? 1 : 2;
        clauses[c] = new int[len];
        for (int l = 0; l < len; l++) {
          clauses[c][l] = (random.nextInt(n) + 1) * (random.nextBoolean() ? 1 : -1);
        }
        weights[c] = 1 + random.nextInt(3);
      }
      Max2Sat sat = Max2Sat.of(n, clauses, weights);
      double best = ExactAnswers.minOverSubsets(n, mask -> sat.unsatisfiedWeight(ExactAnswers.bits(n, i -> (mask >>> i & 1) != 0)));
      EncodedProblem problem = EncodedProblem.of(sat);
      assertThat(ExactAnswers.groundEnergy(problem)).isCloseTo(best, within(1e-9));
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat((double) a.objective().get("unsatisfied_weight")).isCloseTo(best, within(1e-9));
      }
      byte[] any = ExactAnswers.bits(n, i -> i % 3 == 0);
      assertThat(sat.model().energy(any)).isCloseTo(sat.unsatisfiedWeight(any), within(1e-9));
    }
  }

  @Test
  void tautologies_and_repeated_literals_are_encoded_exactly() {
    Max2Sat sat = Max2Sat.of(1, new int[][] {{1, -1}, {1, 1}, {-1}});
    for (byte x = 0; x <= 1; x++) {
      assertThat(sat.model().energy(new byte[] {x})).isEqualTo(sat.unsatisfiedWeight(new byte[] {x}));
    }
    assertThatThrownBy(() -> Max2Sat.of(2, new int[][] {{1, 2, -1}})).hasMessageContaining("1 or 2");
    assertThatThrownBy(() -> Max2Sat.of(2, new int[][] {{3}})).hasMessageContaining("not ±1..2");
  }
}
