package io.neuroquantum.annealing.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PortfolioTest {

  @Test
  void the_encodings_optimum_is_the_best_k_asset_portfolio() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 4; round++) {
      int n = 12;
      int k = 4;
      double[] mu = random.doubles(n, 0.0, 0.2).toArray();
      double[][] factors = new double[n][3];
      for (double[] row : factors) {
        for (int f = 0; f < 3; f++) {
          row[f] = random.nextDouble(-0.3, 0.3);
        }
      }
      double[][] sigma = new double[n][n];   // A·Aᵀ + 0.01·I: a valid covariance
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          for (int f = 0; f < 3; f++) {
            sigma[i][j] += factors[i][f] * factors[j][f];
          }
        }
        sigma[i][i] += 0.01;
      }
      Portfolio portfolio = Portfolio.of(mu, sigma, k, 1.5);
      double best = ExactAnswers.minOverSubsets(n, mask -> {
        if (Long.bitCount(mask) != k) {
          return Double.POSITIVE_INFINITY;
        }
        boolean[] held = new boolean[n];
        for (int i = 0; i < n; i++) {
          held[i] = (mask >>> i & 1) != 0;
        }
        return portfolio.objectiveValue(held);
      });
      EncodedProblem problem = EncodedProblem.of(portfolio);
      assertThat(ExactAnswers.groundEnergy(problem)).isCloseTo(best, within(1e-9));
      for (Answer a : ExactAnswers.groundAnswers(problem)) {
        assertThat((int[]) a.objective().get("assets")).hasSize(k);
        assertThat((double) a.objective().get("objective")).isCloseTo(best, within(1e-9));
      }
    }
  }

  @Test
  void decoding_repairs_to_the_budget() {
    double[][] sigma = {{0.1, 0, 0}, {0, 0.1, 0}, {0, 0, 0.1}};
    Portfolio p = Portfolio.of(new double[] {0.3, 0.1, 0.2}, sigma, 2, 1);
    assertThat(p.decode(new byte[] {1, 1, 1}).assets()).containsExactly(0, 2);
    assertThat(p.decode(new byte[] {0, 0, 0}).assets()).containsExactly(0, 2);
    assertThat(p.decode(ExactAnswers.sample((byte) 1, (byte) 0, (byte) 1)).feasible()).isTrue();
    assertThatThrownBy(() -> Portfolio.of(new double[] {0.1}, new double[][] {{0.1}}, 2, 1))
        .hasMessageContaining("between 1 and 1");
  }
}
