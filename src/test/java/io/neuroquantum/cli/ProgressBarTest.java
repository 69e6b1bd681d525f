package io.neuroquantum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuroquantum.annealing.io.GsetReader;
import io.neuroquantum.annealing.model.Qubo;
import io.neuroquantum.annealing.problems.EncodedProblem;
import io.neuroquantum.annealing.problems.Max2Sat;
import io.neuroquantum.annealing.problems.MaxCut;
import io.neuroquantum.annealing.problems.NumberPartitioning;
import io.neuroquantum.annealing.solvers.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar speaks the problem's language: Max-Cut's cut, not the Ising energy behind it. */
class ProgressBarTest {

  private static String draw(EncodedProblem problem, double bestEnergy) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = ProgressBar.of(new PrintStream(bytes, true, StandardCharsets.UTF_8), problem);
    bar.onProgress(new Progress(50, 100, bestEnergy, 1_000_000_000L));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void max_cut_shows_the_cut_that_the_best_energy_means() throws Exception {
    // a triangle of weight-1 edges: Σw = 3, and the best cut, 2, is the Ising energy −1
    EncodedProblem triangle = EncodedProblem.maxCut(MaxCut.of(GsetReader.read(
        new StringReader("3 3\n1 2 1\n2 3 1\n1 3 1\n"), "triangle")));
    assertThat(draw(triangle, -1)).contains("best cut 2.00000").doesNotContain("energy");
  }

  @Test
  void a_plain_model_shows_its_energy() {
    EncodedProblem qubo = EncodedProblem.direct(Qubo.builder(2).addLinear(0, -1).build());
    assertThat(draw(qubo, -1)).contains("best energy -1.00000");
  }

  @Test
  void max2sat_shows_the_unsatisfied_weight_and_number_partitioning_the_difference() {
    EncodedProblem sat = EncodedProblem.of(Max2Sat.of(2, new int[][] {{1, 2}, {-1}}));
    assertThat(draw(sat, 1)).contains("best unsatisfied_weight 1.00000");
    // (Σ ±aᵢ)² = 9 means the two sums differ by 3
    EncodedProblem split = EncodedProblem.of(NumberPartitioning.of(1, 2, 6));
    assertThat(draw(split, 9)).contains("best difference 3.00000");
  }
}
